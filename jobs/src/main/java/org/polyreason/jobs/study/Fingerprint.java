package org.polyreason.jobs.study;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.polyreason.common.HadoopFiles;
import org.polyreason.core.Job;
import org.polyreason.core.Table;

/**
 * A stage's fingerprint: SHA-256 over its effective settings (the polyreason subtree without other
 * jobs' subtrees, the run id and the study keys) and the state of what it reads — for each input
 * table the number of files, their total size and the latest modification time (a replaced or
 * appended table changes all three), and for import / import-metrics the files at their configured
 * path. A stage's own output tables are not inputs, so rerunning it does not invalidate it. Both
 * the tables and the source keys come from the job's declarations ({@link Job#reads()}, {@link
 * Job#sourceKeys()}).
 */
final class Fingerprint {
  private Fingerprint() {}

  /** The tables a job reads and does not write ({@link Job#reads()} less {@link Job#writes()}). */
  static List<Table> inputs(Job<?> job) {
    return job.reads().stream().filter(t -> !job.writes().contains(t)).toList();
  }

  /** The settings part: what the job could read from the configuration. */
  static String settings(String job, Collection<String> allJobs, Config stageConfig) {
    Config c =
        stageConfig
            .getConfig("polyreason")
            .withoutPath("run-id")
            .withoutPath("study")
            .withoutPath("spark-master");
    for (String other : allJobs) {
      if (!other.equals(job)) {
        c = c.withoutPath("\"" + other + "\"");
      }
    }
    return c.root().render(ConfigRenderOptions.concise().setFormatted(false));
  }

  static String compute(
      Job<?> job,
      Collection<String> allJobs,
      Config stageConfig,
      String warehouseRoot,
      Configuration hadoop) {
    StringBuilder b =
        new StringBuilder("settings=")
            .append(settings(job.name(), allJobs, stageConfig))
            .append('\n');
    for (Table table : inputs(job)) {
      b.append(table.name())
          .append('=')
          .append(state(new Path(warehouseRoot, table.name()), hadoop))
          .append('\n');
    }
    for (String key : job.sourceKeys()) {
      String path = stageConfig.getString(key);
      if (!path.isBlank()) {
        b.append("source=").append(globState(path, hadoop)).append('\n');
      }
    }
    return sha256(b.toString());
  }

  /**
   * files, bytes, latest modification time of everything under {@code dir}; "absent" when it does
   * not exist.
   */
  static String state(Path dir, Configuration hadoop) {
    try {
      FileSystem fs = dir.getFileSystem(hadoop);
      if (!fs.exists(dir)) {
        return "absent";
      }
      // local tables by plain listings (HadoopFiles.filesUnder: listFiles would fork `ls -ld` per
      // file to read permissions, 6 s for the quick start's generations table); an object store
      // keeps the flat listFiles, one listing for the whole tree instead of one per directory
      List<FileStatus> files =
          fs instanceof LocalFileSystem
              ? HadoopFiles.filesUnder(fs, dir, name -> true)
              : listed(fs, dir);
      long bytes = files.stream().mapToLong(FileStatus::getLen).sum();
      long latest = files.stream().mapToLong(FileStatus::getModificationTime).max().orElse(0);
      return files.size() + "/" + bytes + "/" + latest;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + dir, e);
    }
  }

  private static List<FileStatus> listed(FileSystem fs, Path dir) throws IOException {
    List<FileStatus> files = new ArrayList<>();
    RemoteIterator<LocatedFileStatus> it = fs.listFiles(dir, true);
    while (it.hasNext()) {
      files.add(it.next());
    }
    return files;
  }

  private static String globState(String pathOrGlob, Configuration hadoop) {
    try {
      Path p = new Path(pathOrGlob);
      FileStatus[] matches = p.getFileSystem(hadoop).globStatus(p);
      if (matches == null || matches.length == 0) {
        return "none";
      }
      StringBuilder b = new StringBuilder();
      for (FileStatus m : matches) {
        b.append(m.getPath().getName()).append(':').append(state(m.getPath(), hadoop)).append(';');
      }
      return b.toString();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + pathOrGlob, e);
    }
  }

  static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
