package org.polyreason.core;

import java.io.IOException;
import java.util.List;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.polyreason.common.HadoopFiles;
import org.polyreason.common.UserException;

/**
 * Checks the Parquet files of a table before Spark reads it. Spark skips a 0-byte file silently (a
 * model quietly missing from {@code metrics}) and fails on a truncated one with a stack trace; here
 * both are one clear error. The check reads each file's 8-byte tail (footer length and the {@code
 * PAR1} magic), so it costs one small read per file, not a footer parse.
 */
final class TableFiles {
  private static final byte[] MAGIC = {'P', 'A', 'R', '1'};

  private TableFiles() {}

  /**
   * Throws "table X is damaged: file F (why)" for the first damaged data file; returns how many it
   * checked.
   */
  static int validate(FileSystem fs, Path dir, String table) throws IOException {
    // _SUCCESS, _temporary, .crc files: not data (Spark skips them too)
    List<FileStatus> files =
        HadoopFiles.filesUnder(fs, dir, name -> !name.startsWith("_") && !name.startsWith("."));
    for (FileStatus f : files) {
      String why = problem(fs, f);
      if (why != null) {
        throw new UserException(
            "Table "
                + table
                + " is damaged: file "
                + f.getPath()
                + " "
                + why
                + "; restore it or rerun the job that writes "
                + table);
      }
    }
    return files.size();
  }

  /** Why a file is not a readable Parquet file, or null. */
  static String problem(FileSystem fs, FileStatus f) throws IOException {
    long len = f.getLen();
    if (len == 0) {
      return "is empty (0 bytes)";
    }
    if (len < 12) {
      return "has " + len + " bytes, too short for Parquet";
    }
    byte[] tail = new byte[8];
    try (FSDataInputStream in = fs.open(f.getPath())) {
      in.readFully(len - 8, tail);
    } catch (java.io.FileNotFoundException gone) {
      throw gone; // replaced while listed: the caller waits for that writer and lists again
    } catch (IOException e) {
      // e.g. a ChecksumException: the file no longer matches its .crc (truncated or overwritten)
      return "cannot be read ("
          + e.getClass().getSimpleName()
          + ": "
          + firstLine(e.getMessage())
          + "; truncated or overwritten)";
    }
    for (int i = 0; i < 4; i++) {
      if (tail[4 + i] != MAGIC[i]) {
        return "does not end with the Parquet magic PAR1 (truncated or not Parquet)";
      }
    }
    long footer =
        (tail[0] & 0xffL)
            | (tail[1] & 0xffL) << 8
            | (tail[2] & 0xffL) << 16
            | (tail[3] & 0xffL) << 24;
    if (footer <= 0 || footer > len - 12) {
      return "has a footer length of " + footer + " bytes in a " + len + "-byte file (damaged)";
    }
    return null;
  }

  private static String firstLine(String s) {
    return s == null ? "" : s.lines().findFirst().orElse("");
  }
}
