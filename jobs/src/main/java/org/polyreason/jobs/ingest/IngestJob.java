package org.polyreason.jobs.ingest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.polyreason.common.UserException;
import org.polyreason.config.Settings;
import org.polyreason.core.Job;
import org.polyreason.core.JobResult;
import org.polyreason.core.RunContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ingest}: benchmark files under {@code polyreason.data-root} → the {@code problems} table
 * (partitioned by benchmark). Everything is read and checked before anything is written; the previous
 * table is replaced only by a complete new one.
 */
public final class IngestJob implements Job<IngestSettings> {
  private static final Logger LOG = LoggerFactory.getLogger(IngestJob.class);

  @Override
  public String name() {
    return "ingest";
  }

  @Override
  public String description() {
    return "benchmark files -> problems (normalised answers, aligned ids, source file:line)";
  }

  @Override
  public IngestSettings parse(Settings settings) {
    return IngestSettings.parse(settings);
  }

  @Override
  public JobResult run(SparkSession spark, IngestSettings settings, RunContext ctx) {
    List<ProblemRecord> all = readAll(settings);
    // Slice the driver-side rows so that no single task carries the whole benchmark set.
    int slices = Math.max(1, all.size() / 2000);
    var rdd = JavaSparkContext.fromSparkContext(spark.sparkContext())
        .parallelize(all.stream().map(ProblemRecord::toRow).toList(), slices);
    Dataset<Row> rows = spark.createDataFrame(rdd, ProblemRecord.SCHEMA);
    ctx.warehouse().replace(rows.repartition(rows.col("benchmark")), ProblemRecord.TABLE, ctx.runId(), "benchmark");
    return new JobResult().count("input_files_rows", all.size()).count("output_rows", all.size());
  }

  /** Reads, validates and aligns every selected benchmark and language; no Spark involved. */
  public static List<ProblemRecord> readAll(IngestSettings settings) {
    boolean needsFiles = settings.benchmarks().stream().anyMatch(BenchmarkReader::needsFiles);
    SourceFiles files = needsFiles ? new SourceFiles(settings.dataRoot()) : null;
    List<ProblemRecord> all = new ArrayList<>();
    List<String> unmatched = new ArrayList<>(settings.languages());
    for (BenchmarkReader reader : settings.benchmarks()) {
      List<String> available = reader.availableLanguages(files);
      if (available.isEmpty()) {
        throw new UserException("Benchmark " + reader.name() + " has no files under " + files.resolve(reader.name())
            + " (polyreason.data-root = " + settings.dataRoot() + ")");
      }
      List<String> langs = settings.languages().isEmpty() ? available
          : settings.languages().stream().filter(available::contains).toList();
      unmatched.removeAll(available);
      Map<String, List<ProblemRecord>> byLang = new LinkedHashMap<>();
      for (String lang : langs) {
        List<ProblemRecord> records = reader.read(files, lang);
        byLang.put(lang, records);
        LOG.info("ingest {} {}: {} problems", reader.name(), lang, records.size());
      }
      List<String> mismatches = Alignment.check(reader.name(), byLang, reader.answersAligned());
      if (!mismatches.isEmpty()) {
        mismatches.forEach(m -> LOG.warn("alignment: {}", m));
        if (settings.alignmentIsError()) {
          throw new UserException("Benchmark " + reader.name() + " is not aligned across languages: "
              + mismatches.get(0) + (mismatches.size() > 1 ? " (and " + (mismatches.size() - 1) + " more; "
              + "see the log, or set polyreason.ingest.alignment=warn)" : ""));
        }
      }
      byLang.values().forEach(all::addAll);
    }
    if (!unmatched.isEmpty()) {
      throw new UserException("Language " + unmatched.get(0) + " (polyreason.ingest.languages) is in none of the "
          + "selected benchmarks " + settings.benchmarks().stream().map(BenchmarkReader::name).toList());
    }
    return all;
  }
}
