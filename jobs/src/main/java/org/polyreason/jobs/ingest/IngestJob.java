package org.polyreason.jobs.ingest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;
import org.polyreason.common.UserException;
import org.polyreason.config.Settings;
import org.polyreason.core.DriverRows;
import org.polyreason.core.Job;
import org.polyreason.core.JobResult;
import org.polyreason.core.RunContext;
import org.polyreason.core.Table;
import org.polyreason.core.Tables;
import org.polyreason.core.Warehouse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ingest}: benchmark files under {@code polyreason.data-root} → the {@code problems} table
 * (partitioned by benchmark). Everything is read and checked before anything is written; the
 * previous table is replaced only by a complete new one, which keeps the stored benchmarks this run
 * does not ingest.
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
  public List<Table> reads() {
    return List.of();
  }

  @Override
  public List<Table> writes() {
    return List.of(Tables.PROBLEMS);
  }

  @Override
  public IngestSettings parse(Settings settings) {
    return IngestSettings.parse(settings);
  }

  @Override
  public JobResult run(SparkSession spark, IngestSettings settings, RunContext ctx) {
    List<ProblemRecord> all = readAll(settings);
    long malformed = reportMalformedGolds(all);
    Dataset<Row> rows =
        DriverRows.of(
            spark, all.stream().map(ProblemRecord::toRow).toList(), Tables.PROBLEMS.schema());
    Warehouse wh = ctx.warehouse();
    wh.hold(Tables.PROBLEMS); // the other benchmarks are read back and kept: one lock around both
    List<String> ingested = settings.benchmarks().stream().map(BenchmarkReader::name).toList();
    long keptRows = 0;
    if (wh.exists(Tables.PROBLEMS)) {
      Dataset<Row> kept = othersOf(wh.read(Tables.PROBLEMS), ingested, rows.schema()).cache();
      List<String> keptBenchmarks =
          kept.select("benchmark").distinct().orderBy("benchmark").collectAsList().stream()
              .map(r -> r.getString(0))
              .toList();
      keptRows = kept.count();
      if (!keptBenchmarks.isEmpty()) {
        LOG.info(
            "ingest: keeping benchmarks {} ({} problems) of the problems table: not in "
                + "polyreason.ingest.benchmarks = {}",
            keptBenchmarks,
            keptRows,
            ingested);
      }
      rows = rows.unionByName(kept, true);
    }
    wh.replace(rows.repartition(rows.col("benchmark")), Tables.PROBLEMS, ctx.runId());
    return new JobResult()
        .count("input_files_rows", all.size())
        .count("output_rows", all.size())
        .count("kept_rows", keptRows)
        .count("malformed_golds", malformed);
  }

  /**
   * The stored problems of benchmarks this run does not ingest, in the columns of {@code schema}
   * that they have (a column added since is left to {@code unionByName} to fill with nulls).
   */
  static Dataset<Row> othersOf(Dataset<Row> stored, List<String> ingested, StructType schema) {
    List<String> have = List.of(stored.columns());
    Column[] cols =
        java.util.Arrays.stream(schema.fieldNames())
            .filter(have::contains)
            .map(functions::col)
            .toArray(Column[]::new);
    return stored
        .filter(functions.not(functions.col("benchmark").isin(ingested.toArray())))
        .select(cols);
  }

  /**
   * Logs every reference answer that is malformed as written upstream (file:line, what is wrong,
   * the answer); such problems are kept (answer_type = malformed) and score them by normalised
   * text.
   */
  static long reportMalformedGolds(List<ProblemRecord> all) {
    long n = 0;
    for (ProblemRecord r : all) {
      if (org.polyreason.udfs.scoring.GoldCheck.MALFORMED.equals(r.answerType())) {
        n++;
        LOG.warn(
            "ingest: malformed reference answer at {}: {}: {}",
            r.location(),
            org.polyreason.udfs.scoring.GoldCheck.problem(r.rawAnswer()),
            r.rawAnswer());
      }
    }
    if (n > 0) {
      LOG.warn("ingest: {} malformed reference answers (answer_type = malformed), listed above", n);
    }
    return n;
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
        throw new UserException(
            "Benchmark "
                + reader.name()
                + " has no files under "
                + files.resolve(reader.name())
                + " (polyreason.data-root = "
                + settings.dataRoot()
                + ")");
      }
      List<String> langs =
          settings.languages().isEmpty()
              ? available
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
          throw new UserException(
              "Benchmark "
                  + reader.name()
                  + " is not aligned across languages: "
                  + mismatches.get(0)
                  + (mismatches.size() > 1
                      ? " (and "
                          + (mismatches.size() - 1)
                          + " more; "
                          + "see the log, or set polyreason.ingest.alignment=warn)"
                      : ""));
        }
      }
      byLang.values().forEach(all::addAll);
    }
    if (!unmatched.isEmpty()) {
      throw new UserException(
          "Language "
              + unmatched.get(0)
              + " (polyreason.ingest.languages) is in none of the "
              + "selected benchmarks "
              + settings.benchmarks().stream().map(BenchmarkReader::name).toList());
    }
    return all;
  }
}
