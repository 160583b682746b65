package org.polyreason.jobs.aggregate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.polyreason.common.UserException;
import org.polyreason.config.Settings;
import org.polyreason.core.Job;
import org.polyreason.core.JobResult;
import org.polyreason.core.MetricsTable;
import org.polyreason.core.RunContext;
import org.polyreason.core.Table;
import org.polyreason.core.Tables;
import org.polyreason.core.Warehouse;

/**
 * {@code aggregate}: scores → {@code metrics} (per model × benchmark × lang × think_lang, plus lang
 * = ALL) and {@code paired} (each language against the reference language, McNemar). Metric
 * definitions are in {@link GroupMetrics} and {@link AggregateTransforms#paired}. Rows that {@code
 * import-metrics} wrote (source = external) are kept; rows from scores are replaced as a whole.
 */
public final class AggregateJob implements Job<AggregateSettings> {

  @Override
  public String name() {
    return "aggregate";
  }

  @Override
  public String description() {
    return "scores -> metrics (avg@k, pass@k, maj@k, rates, bootstrap CIs) and paired (McNemar vs reference)";
  }

  @Override
  public List<Table> reads() {
    return List.of(Tables.SCORES, Tables.METRICS);
  }

  @Override
  public List<Table> writes() {
    return List.of(Tables.METRICS, Tables.PAIRED);
  }

  @Override
  public AggregateSettings parse(Settings settings) {
    return AggregateSettings.parse(settings);
  }

  @Override
  public JobResult run(SparkSession spark, AggregateSettings settings, RunContext ctx) {
    Warehouse wh = ctx.warehouse();
    wh.hold(Tables.METRICS); // rows of other sources are kept: read and replaced under one lock
    if (!wh.exists(Tables.SCORES)) {
      throw new UserException(
          "No scores table at " + wh.path(Tables.SCORES) + "; run score (or import) first");
    }
    // one row of numbers per problem, read by every statistic and by paired
    Dataset<Row> perProblem =
        AggregateTransforms.perProblem(
                Tables.withMissingColumns(wh.read(Tables.SCORES), Tables.SCORES_SCHEMA))
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Dataset<Row> metrics =
          MetricsTable.conform(AggregateTransforms.metrics(perProblem, settings));
      Dataset<Row> kept =
          MetricsTable.conform(wh.readOrEmpty(Tables.METRICS))
              .filter(col("source").notEqual(lit(MetricsTable.SOURCE_SCORES)));
      // One output file each; repartition(1), not coalesce(1), which would run the statistics'
      // last stage (the bootstrap included) in a single task.
      Dataset<Row> all =
          metrics.unionByName(kept).repartition(1).persist(StorageLevel.MEMORY_AND_DISK());
      long written = all.count();
      wh.replace(all, Tables.METRICS, ctx.runId());
      all.unpersist();
      Dataset<Row> paired =
          AggregateTransforms.paired(perProblem, settings.referenceLanguage()).repartition(1);
      wh.replace(paired, Tables.PAIRED, ctx.runId());
      return new JobResult()
          .count("problems", perProblem.count())
          .count("metrics_rows", written)
          .count("paired_rows", wh.read(Tables.PAIRED).count());
    } finally {
      perProblem.unpersist();
    }
  }
}
