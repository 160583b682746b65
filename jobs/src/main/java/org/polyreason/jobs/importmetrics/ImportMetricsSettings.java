package org.polyreason.jobs.importmetrics;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.polyreason.common.UserException;
import org.polyreason.config.Settings;

/**
 * Validated settings of {@code import-metrics}. The CSV is small and read here, before Spark
 * starts, so a bad file fails in seconds and nothing is written. An empty path parses (every job's
 * settings must validate under the shipped environment files, which name no input) and is refused
 * by {@link #requireConfigured()} before Spark starts (through Job#requireInputs).
 */
public record ImportMetricsSettings(
    String path, double confidence, List<MetricsCsv.Entry> entries) {
  static final String KEY = "polyreason.import-metrics";

  public static ImportMetricsSettings parse(Settings s) {
    String path = s.string(KEY + ".path").strip();
    double confidence = s.confidence(KEY + ".confidence");
    if (path.isEmpty()) {
      return new ImportMetricsSettings(path, confidence, List.of());
    }
    Path file = Path.of(path);
    if (!Files.isRegularFile(file)) {
      throw new UserException(
          "Metrics CSV " + path + " (" + KEY + ".path) does not exist or is not a file");
    }
    String format = s.oneOf(KEY + ".format", List.of("csv", "xreasoning"));
    return new ImportMetricsSettings(
        path,
        confidence,
        format.equals("csv") ? MetricsCsv.read(file) : MetricsCsv.readXReasoning(file));
  }

  /** Refuses to run without a CSV. */
  public void requireConfigured() {
    if (path.isEmpty()) {
      throw Settings.bad(
          KEY + ".path",
          "\"\"",
          "the path of a CSV file with header model,benchmark,lang,accuracy[,n]");
    }
  }
}
