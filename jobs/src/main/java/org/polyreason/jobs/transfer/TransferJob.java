package org.polyreason.jobs.transfer;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.polyreason.common.UserException;
import org.polyreason.config.Settings;
import org.polyreason.core.Job;
import org.polyreason.core.JobResult;
import org.polyreason.core.RunContext;
import org.polyreason.core.Table;
import org.polyreason.core.Tables;
import org.polyreason.core.Warehouse;

/**
 * {@code transfer}: metrics (and scores, when per-problem data exist) → the {@code transfer} table,
 * one row per configured pair and benchmark: MTI, its paired-bootstrap CI, gains, transfer ratios
 * and gap change ({@link TransferTransforms}).
 */
public final class TransferJob implements Job<TransferSettings> {

  @Override
  public String name() {
    return "transfer";
  }

  @Override
  public String description() {
    return "metrics/scores (+ trained_models) -> transfer (MTI with paired bootstrap CI,"
        + " per-language gain, gap change)";
  }

  @Override
  public List<Table> reads() {
    return List.of(Tables.METRICS, Tables.SCORES, Tables.TRAINED_MODELS);
  }

  @Override
  public List<Table> writes() {
    return List.of(Tables.TRANSFER);
  }

  @Override
  public TransferSettings parse(Settings settings) {
    return TransferSettings.parse(settings);
  }

  @Override
  public void requireInputs(TransferSettings settings) {
    settings.requireConfigured();
  }

  @Override
  public JobResult run(SparkSession spark, TransferSettings settings, RunContext ctx) {
    Warehouse wh = ctx.warehouse();
    if (!wh.exists(Tables.METRICS) && !wh.exists(Tables.SCORES)) {
      throw new UserException(
          "Neither a metrics nor a scores table exists under "
              + wh.root()
              + "; run aggregate or import-metrics first");
    }
    if (!settings.trained().isEmpty()) {
      if (!wh.exists(Tables.TRAINED_MODELS)) {
        throw new UserException(
            "polyreason.transfer.trained = "
                + settings.trained()
                + " needs the trained_models table at "
                + wh.path(Tables.TRAINED_MODELS)
                + "; run train first");
      }
      settings = settings.withTrainedPairs(wh.read(Tables.TRAINED_MODELS).collectAsList());
    }
    Dataset<Row> metrics = wh.readOrEmpty(Tables.METRICS);
    Dataset<Row> scores = wh.readOrEmpty(Tables.SCORES);
    Dataset<Row> out = TransferTransforms.transfer(metrics, scores, settings).coalesce(1);
    wh.replace(out, Tables.TRANSFER, ctx.runId());
    return new JobResult()
        .count("pairs", settings.pairs().size())
        .count("output_rows", wh.read(Tables.TRANSFER).count());
  }
}
