package org.polyreason.jobs.ingest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.polyreason.common.TextFiles;
import org.polyreason.common.UserException;

/**
 * Reads source files below a root through the Hadoop FileSystem API (local paths and URIs alike),
 * on the driver: benchmark files are small, and reading them here gives exact file:line messages.
 */
public final class SourceFiles {
  private final Path root;
  private final FileSystem fs;

  public SourceFiles(String root) {
    try {
      Path p = new Path(root);
      this.fs = p.getFileSystem(new Configuration());
      this.root = p;
      if (!fs.exists(p)) {
        throw new UserException(
            "Data root "
                + root
                + " does not exist (polyreason.data-root); point it at a folder "
                + "laid out like ../shared/data/benchmarks");
      }
    } catch (IOException e) {
      throw new UserException(
          "Cannot open data root " + root + " (polyreason.data-root): " + e.getMessage(), e);
    }
  }

  public Path resolve(String relative) {
    Path p = new Path(relative);
    return p.isAbsolute() || p.toUri().getScheme() != null ? p : new Path(root, relative);
  }

  public boolean exists(String relative) {
    try {
      return fs.exists(resolve(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Names of the entries of a directory (sorted), or an empty list when it does not exist. */
  public List<String> list(String relative) {
    try {
      Path dir = resolve(relative);
      if (!fs.exists(dir)) {
        return List.of();
      }
      List<String> names = new ArrayList<>();
      for (FileStatus s : fs.listStatus(dir)) {
        names.add(s.getPath().getName());
      }
      names.sort(null);
      return names;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Opens a UTF-8 text file (gunzipped when it ends in .gz, a BOM skipped, invalid UTF-8 or a
   * damaged gzip stream an error naming the file and line); a missing file is a user error.
   */
  public BufferedReader open(String relative) {
    Path p = resolve(relative);
    try {
      InputStream in = fs.open(p);
      return new BufferedReader(TextFiles.open(in, p.toString(), true), 1 << 16);
    } catch (java.io.FileNotFoundException e) {
      throw new UserException("File " + p + " does not exist");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + p, e);
    }
  }

  /** The display name of a file in messages and in the source_file column: relative to the root. */
  public String display(String relative) {
    return relative;
  }
}
