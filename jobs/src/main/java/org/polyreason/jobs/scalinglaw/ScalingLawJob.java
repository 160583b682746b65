package org.polyreason.jobs.scalinglaw;

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

/** {@code scaling-law}: metrics / transfer (+ scores for CIs) → the {@code scaling_fits} table. */
public final class ScalingLawJob implements Job<ScalingLawSettings> {

  @Override
  public String name() {
    return "scaling-law";
  }

  @Override
  public String description() {
    return "metrics/transfer (+ scores, trained_models) -> scaling_fits (parallel scaling law,"
        + " First-Parallel Leap with CI, MGG)";
  }

  @Override
  public List<Table> reads() {
    return List.of(Tables.METRICS, Tables.TRANSFER, Tables.SCORES, Tables.TRAINED_MODELS);
  }

  @Override
  public List<Table> writes() {
    return List.of(Tables.SCALING_FITS);
  }

  @Override
  public ScalingLawSettings parse(Settings settings) {
    return ScalingLawSettings.parse(settings);
  }

  @Override
  public void requireInputs(ScalingLawSettings settings) {
    settings.requireConfigured();
  }

  @Override
  public JobResult run(SparkSession spark, ScalingLawSettings settings, RunContext ctx) {
    Warehouse wh = ctx.warehouse();
    boolean needsMti = settings.series().stream().anyMatch(s -> s.metric().equals("mti"));
    if (needsMti && !wh.exists(Tables.TRANSFER)) {
      throw new UserException(
          "Metric mti needs the transfer table at "
              + wh.path(Tables.TRANSFER)
              + "; run transfer first");
    }
    boolean needsMetrics = settings.series().stream().anyMatch(s -> !s.metric().equals("mti"));
    if (needsMetrics && !wh.exists(Tables.METRICS)) {
      throw new UserException(
          "No metrics table at "
              + wh.path(Tables.METRICS)
              + "; run aggregate or import-metrics first");
    }
    if (settings.series().stream().anyMatch(s -> s.trained() != null)) {
      if (!wh.exists(Tables.TRAINED_MODELS)) {
        throw new UserException(
            "A series with trained = <name> needs the trained_models table at "
                + wh.path(Tables.TRAINED_MODELS)
                + "; run train first");
      }
      settings =
          ScalingLawTransforms.resolveTrained(
              settings,
              wh.read(Tables.TRAINED_MODELS).collectAsList(),
              wh.readOrEmpty(Tables.METRICS));
    }
    Dataset<Row> out =
        ScalingLawTransforms.fit(
                wh.readOrEmpty(Tables.METRICS),
                wh.readOrEmpty(Tables.TRANSFER),
                wh.readOrEmpty(Tables.SCORES),
                settings)
            .coalesce(1);
    wh.replace(out, Tables.SCALING_FITS, ctx.runId());
    return new JobResult().count("series", settings.series().size());
  }
}
