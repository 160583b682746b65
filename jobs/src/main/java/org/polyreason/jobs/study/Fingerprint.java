package org.polyreason.jobs.study;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.polyreason.core.JobRegistry;
import org.polyreason.core.Tables;

/**
 * A stage's fingerprint: SHA-256 over its effective settings (the polyreason subtree without other jobs'
 * subtrees, the run id and the study keys) and the state of what it reads — for each input table the
 * number of files, their total size and the latest modification time (a replaced or appended table
 * changes all three), and for import / import-metrics the files at their configured path.
 * A stage's own output tables are not inputs, so rerunning it does not invalidate it.
 */
final class Fingerprint {
  /** Tables each job reads and does not write. Unknown (future) jobs: every table. */
  static final Map<String, List<String>> INPUTS = Map.ofEntries(
      Map.entry("ingest", List.of()),
      Map.entry("import", List.of(Tables.PROBLEMS)),
      Map.entry("generate", List.of(Tables.PROBLEMS)),
      Map.entry("import-metrics", List.of()),
      Map.entry("score", List.of(Tables.GENERATIONS, Tables.PROBLEMS)),
      Map.entry("aggregate", List.of(Tables.SCORES)),
      Map.entry("transfer", List.of(Tables.METRICS, Tables.SCORES)),
      Map.entry("scaling-law", List.of(Tables.METRICS, Tables.TRANSFER, Tables.SCORES)),
      Map.entry("report", List.of(Tables.METRICS, Tables.PAIRED, Tables.TRANSFER, Tables.SCALING_FITS,
          Tables.REWARDS)),
      Map.entry("parallel-data", List.of(Tables.PROBLEMS)),
      Map.entry("reward", List.of(Tables.SCORES, Tables.GENERATIONS, Tables.PROBLEMS)));
  /** Tables each job writes; a stage whose output is gone is rerun. */
  static final Map<String, List<String>> OUTPUTS = Map.ofEntries(
      Map.entry("ingest", List.of(Tables.PROBLEMS)),
      Map.entry("import", List.of(Tables.GENERATIONS)),
      Map.entry("generate", List.of(Tables.GENERATIONS)),
      Map.entry("import-metrics", List.of(Tables.METRICS)),
      Map.entry("score", List.of(Tables.SCORES)),
      Map.entry("aggregate", List.of(Tables.METRICS)),
      Map.entry("transfer", List.of(Tables.TRANSFER)),
      Map.entry("scaling-law", List.of(Tables.SCALING_FITS)),
      Map.entry("report", List.of()),
      Map.entry("parallel-data", List.of(Tables.TRAINING_SETS)),
      Map.entry("reward", List.of(Tables.REWARDS)));
  private static final List<String> ALL = List.of(Tables.PROBLEMS, Tables.GENERATIONS, Tables.SCORES, Tables.METRICS,
      Tables.PAIRED, Tables.TRANSFER, Tables.SCALING_FITS);

  private Fingerprint() {}

  static List<String> inputs(String job) {
    return INPUTS.getOrDefault(job, ALL);
  }

  /** The settings part: what the job could read from the configuration. */
  static String settings(String job, Config stageConfig) {
    Config c = stageConfig.getConfig("polyreason").withoutPath("run-id").withoutPath("study").withoutPath("spark-master");
    for (String other : JobRegistry.all().keySet()) {
      if (!other.equals(job)) {
        c = c.withoutPath("\"" + other + "\"");
      }
    }
    return c.root().render(ConfigRenderOptions.concise().setFormatted(false));
  }

  static String compute(String job, Config stageConfig, String warehouseRoot, Configuration hadoop) {
    StringBuilder b = new StringBuilder("settings=").append(settings(job, stageConfig)).append('\n');
    for (String table : inputs(job)) {
      b.append(table).append('=').append(state(new Path(warehouseRoot, table), hadoop)).append('\n');
    }
    if (job.equals("import") || job.equals("import-metrics")) {
      String key = "polyreason." + job + ".path";
      String path = stageConfig.getString(key);
      if (!path.isBlank()) {
        b.append("source=").append(globState(path, hadoop)).append('\n');
      }
    }
    return sha256(b.toString());
  }

  /** files, bytes, latest modification time of everything under {@code dir}; "absent" when it does not exist. */
  static String state(Path dir, Configuration hadoop) {
    try {
      FileSystem fs = dir.getFileSystem(hadoop);
      if (!fs.exists(dir)) {
        return "absent";
      }
      long files = 0;
      long bytes = 0;
      long latest = 0;
      RemoteIterator<LocatedFileStatus> it = fs.listFiles(dir, true);
      while (it.hasNext()) {
        LocatedFileStatus st = it.next();
        files++;
        bytes += st.getLen();
        latest = Math.max(latest, st.getModificationTime());
      }
      return files + "/" + bytes + "/" + latest;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + dir, e);
    }
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
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
