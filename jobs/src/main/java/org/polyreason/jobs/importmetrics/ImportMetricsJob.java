package org.polyreason.jobs.importmetrics;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.polyreason.config.Settings;
import org.polyreason.core.Job;
import org.polyreason.core.JobResult;
import org.polyreason.core.MetricsTable;
import org.polyreason.core.RunContext;
import org.polyreason.core.Table;
import org.polyreason.core.Tables;
import org.polyreason.core.Warehouse;
import org.polyreason.udfs.stats.BinomialCi;
import org.polyreason.udfs.stats.Interval;

/**
 * {@code import-metrics}: a published accuracy table (CSV) → {@code metrics} rows with source =
 * external. avg_at_k = accuracy; n_problems = n; ci_low/ci_high = Wilson interval when n is given,
 * else null; k, pass_at, maj@k, rates and think_lang are null. Rows with the same (model,
 * benchmark, lang, source = external, think_lang null) are replaced; all other rows are kept.
 */
public final class ImportMetricsJob implements Job<ImportMetricsSettings> {

  @Override
  public String name() {
    return "import-metrics";
  }

  @Override
  public String description() {
    return "published accuracy CSV (model,benchmark,lang,accuracy[,n]) -> metrics rows, source = external";
  }

  @Override
  public List<Table> reads() {
    return List.of(Tables.METRICS);
  }

  @Override
  public List<Table> writes() {
    return List.of(Tables.METRICS);
  }

  @Override
  public List<String> sourceKeys() {
    return List.of("polyreason.import-metrics.path");
  }

  @Override
  public ImportMetricsSettings parse(Settings settings) {
    return ImportMetricsSettings.parse(settings);
  }

  @Override
  public void requireInputs(ImportMetricsSettings settings) {
    settings.requireConfigured();
  }

  @Override
  public JobResult run(SparkSession spark, ImportMetricsSettings settings, RunContext ctx) {
    Warehouse wh = ctx.warehouse();
    wh.hold(Tables.METRICS); // merged with the stored rows: read and replaced under one lock
    Dataset<Row> imported =
        spark.createDataFrame(rows(settings.entries(), settings.confidence()), MetricsTable.SCHEMA);
    Dataset<Row> existing = MetricsTable.conform(wh.readOrEmpty(Tables.METRICS));
    Dataset<Row> merged =
        merge(existing, imported).coalesce(1).persist(StorageLevel.MEMORY_AND_DISK());
    long n = merged.count();
    wh.replace(merged, Tables.METRICS, ctx.runId());
    merged.unpersist();
    return new JobResult().count("input_rows", settings.entries().size()).count("metrics_rows", n);
  }

  /** Metrics rows for the CSV entries. */
  public static List<Row> rows(List<MetricsCsv.Entry> entries, double confidence) {
    List<Row> rows = new ArrayList<>();
    for (MetricsCsv.Entry e : entries) {
      Interval ci = e.n() == null ? null : BinomialCi.wilson(e.accuracy(), e.n(), confidence);
      // by name: every column not set here (per-problem statistics, rates) is null
      Object[] v = new Object[MetricsTable.SCHEMA.size()];
      java.util.function.BiConsumer<String, Object> set =
          (name, value) -> v[MetricsTable.SCHEMA.fieldIndex(name)] = value;
      set.accept("model", e.model());
      set.accept("benchmark", e.benchmark());
      set.accept("lang", e.lang());
      set.accept("n_problems", e.n());
      set.accept("avg_at_k", e.accuracy());
      set.accept("ci_low", ci == null ? null : ci.low());
      set.accept("ci_high", ci == null ? null : ci.high());
      set.accept("source", MetricsTable.SOURCE_EXTERNAL);
      rows.add(RowFactory.create(v));
    }
    return rows;
  }

  /** {@code existing} without the rows {@code imported} replaces, plus {@code imported}. */
  public static Dataset<Row> merge(Dataset<Row> existing, Dataset<Row> imported) {
    Dataset<Row> keys =
        imported.select("model", "benchmark", "lang", "source", "think_lang").distinct();
    Dataset<Row> kept = Tables.METRICS.notIn(existing, keys);
    return MetricsTable.conform(kept).unionByName(MetricsTable.conform(imported));
  }
}
