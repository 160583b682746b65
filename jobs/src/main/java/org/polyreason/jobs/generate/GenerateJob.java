package org.polyreason.jobs.generate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.hash;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.pmod;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.polyreason.common.UserException;
import org.polyreason.config.Settings;
import org.polyreason.core.Job;
import org.polyreason.core.JobResult;
import org.polyreason.core.RunContext;
import org.polyreason.core.Table;
import org.polyreason.core.Tables;
import org.polyreason.core.Warehouse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code generate}: problems × models × languages × think-languages × samples → {@code
 * generations}, with DJL on the executors. Resumable: only sample keys without a usable generation
 * are generated (raising {@code samples} from 2 to 4 generates 2 more per problem). Work is
 * appended in waves of at most {@code checkpoint-rows} samples, so a crash loses at most one wave.
 * Failing rows are written with finish_reason = error; the job fails only when their share passes
 * {@code max-error-rate}.
 */
public final class GenerateJob implements Job<GenerateSettings> {
  private static final Logger LOG = LoggerFactory.getLogger(GenerateJob.class);

  @Override
  public String name() {
    return "generate";
  }

  @Override
  public String description() {
    return "problems -> generations with DJL on the executors (KV cache, batching, sampling; resumable)";
  }

  @Override
  public List<Table> reads() {
    return List.of(Tables.PROBLEMS, Tables.GENERATIONS);
  }

  @Override
  public List<Table> writes() {
    return List.of(Tables.GENERATIONS);
  }

  @Override
  public GenerateSettings parse(Settings settings) {
    return GenerateSettings.parse(settings);
  }

  @Override
  public JobResult run(SparkSession spark, GenerateSettings settings, RunContext ctx) {
    var wh = ctx.warehouse();
    GenerateSettings s = settings.withPatternsResolved(wh.root());
    wh.hold(Tables.GENERATIONS); // stored keys are skipped: read and appended under one lock
    if (!wh.exists(Tables.PROBLEMS)) {
      throw new UserException(
          "Table problems does not exist in " + wh.root() + "; run ingest first");
    }
    Dataset<Row> problems = GenerateTransforms.selectProblems(wh.read(Tables.PROBLEMS), s).cache();
    if (problems.isEmpty()) {
      throw new UserException(
          "No problems match polyreason.generate.benchmarks = "
              + s.benchmarks()
              + " and languages = "
              + s.languages()
              + " in "
              + wh.path(Tables.PROBLEMS));
    }
    long requested = 0;
    long generated = 0;
    long errorCount = 0;
    long tokenCount = 0;
    Map<String, String> revisions = new LinkedHashMap<>();
    s.models().forEach(m -> revisions.put(m.id(), m.spec().revisionOrHash()));
    dropOtherRevisions(wh, revisions, ctx.runId());
    for (ModelSettings m : s.models()) {
      String revision = revisions.get(m.id());
      Dataset<Row> requests = GenerateTransforms.requests(problems, s, m, revision);
      Dataset<Row> existing =
          wh.readOrEmpty(Tables.GENERATIONS).filter(col("model").equalTo(m.id()));
      Dataset<Row> pending = GenerateTransforms.missing(requests, existing).cache();
      long total = requests.count();
      long todo = pending.count();
      requested += total;
      LOG.info(
          "generate {} (revision {}): {} samples requested, {} already stored, {} to generate",
          m.id(),
          revision,
          total,
          total - todo,
          todo);
      if (todo == 0) {
        pending.unpersist();
        continue;
      }
      LongAccumulator done = spark.sparkContext().longAccumulator("generate.done");
      LongAccumulator tokens = spark.sparkContext().longAccumulator("generate.tokens");
      LongAccumulator errors = spark.sparkContext().longAccumulator("generate.errors");
      GenerationTask task = new GenerationTask(m, revision, s, ctx.runId(), done, tokens, errors);
      int waves = (int) Math.max(1, (todo + s.checkpointRows() - 1) / s.checkpointRows());
      int parallelism = spark.sparkContext().defaultParallelism();
      try (Progress progress = new Progress(m.id(), todo, done, tokens, s.progressSeconds())) {
        for (int w = 0; w < waves; w++) {
          Dataset<Row> wave =
              waves == 1
                  ? pending
                  : pending.filter(pmod(hash(col("sample_key")), lit(waves)).equalTo(w));
          long waveRows = waves == 1 ? todo : wave.count();
          // Small partitions: progress advances as tasks finish, and a lost executor redoes little.
          int partitions =
              s.partitions() > 0
                  ? s.partitions()
                  : (int)
                      Math.max(
                          parallelism,
                          Math.min(waveRows / Math.max(1, s.batchSize() * 4L) + 1, 10_000));
          Dataset<Row> out =
              wave.repartition(partitions)
                  .mapPartitions(task, Encoders.row(Tables.GENERATIONS_SCHEMA));
          wh.append(out, Tables.GENERATIONS);
          progress.log(m.id(), todo, done.value(), tokens.value());
        }
      }
      pending.unpersist();
      generated += done.value();
      errorCount += errors.value();
      tokenCount += tokens.value();
    }
    problems.unpersist();
    JobResult result =
        new JobResult()
            .count("requested", requested)
            .count("output_rows", generated)
            .count("errors", errorCount)
            .count("completion_tokens", tokenCount);
    if (generated > 0 && errorCount > s.maxErrorRate() * generated) {
      throw new IllegalStateException(
          String.format(
              "generate: %d of %d samples failed (rate %.3f > "
                  + "polyreason.generate.max-error-rate %.3f); they are stored with finish_reason = error and are "
                  + "retried on the next run",
              errorCount, generated, errorCount / (double) generated, s.maxErrorRate()));
    }
    return result;
  }

  /**
   * A model id names one revision in {@code generations}: when a model's files changed (a retrained
   * model under the same id, another pinned revision), its stored samples of the other revisions
   * are removed before the current one is generated, or score and aggregate would pool two models'
   * answers as samples of one. Rows without a revision (imported outputs) stay. One rewrite of the
   * table for all models; their scores go at the next {@code score} (it keeps no score whose
   * generation is gone).
   *
   * @param revisions model id → its current revision
   */
  private static void dropOtherRevisions(
      Warehouse wh, Map<String, String> revisions, String runId) {
    if (!wh.exists(Tables.GENERATIONS)) {
      return;
    }
    Column other = lit(false);
    for (Map.Entry<String, String> e : revisions.entrySet()) {
      other =
          other.or(
              col("model")
                  .equalTo(e.getKey())
                  .and(col("model_revision").isNotNull())
                  .and(col("model_revision").notEqual(e.getValue())));
    }
    Dataset<Row> stored = wh.read(Tables.GENERATIONS);
    List<Row> superseded =
        stored.filter(other).groupBy("model", "model_revision").count().collectAsList();
    if (superseded.isEmpty()) {
      return;
    }
    for (Row r : superseded) {
      LOG.warn(
          "generate {}: the model is now revision {}; removing its {} stored samples of revision {}",
          r.getString(0),
          revisions.get(r.getString(0)),
          r.getLong(2),
          r.getString(1));
    }
    wh.replace(stored.filter(not(other)), Tables.GENERATIONS, runId);
  }
}
