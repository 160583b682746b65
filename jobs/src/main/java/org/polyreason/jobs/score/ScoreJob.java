package org.polyreason.jobs.score;

import static org.apache.spark.sql.functions.col;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.polyreason.common.UserException;
import org.polyreason.config.Settings;
import org.polyreason.core.Job;
import org.polyreason.core.JobResult;
import org.polyreason.core.RunContext;
import org.polyreason.core.Tables;
import org.polyreason.udfs.scoring.AnswerScorer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code score}: generations → scores. Idempotent by sample_key: only generations without a score of
 * the current checker version are scored (all of them with {@code polyreason.score.rescore = true});
 * the table is then rewritten completely and swapped in.
 */
public final class ScoreJob implements Job<ScoreSettings> {
  private static final Logger LOG = LoggerFactory.getLogger(ScoreJob.class);

  @Override
  public String name() {
    return "score";
  }

  @Override
  public String description() {
    return "generations -> scores (answer extraction and equivalence in 18 languages, reasoning language)";
  }

  @Override
  public ScoreSettings parse(Settings settings) {
    return ScoreSettings.parse(settings);
  }

  @Override
  public JobResult run(SparkSession spark, ScoreSettings s, RunContext ctx) {
    var wh = ctx.warehouse();
    for (String table : new String[] {Tables.PROBLEMS, Tables.GENERATIONS}) {
      if (!wh.exists(table)) {
        throw new UserException("Table " + table + " does not exist in " + wh.root() + "; run "
            + (table.equals(Tables.PROBLEMS) ? "ingest" : "import or generate") + " first");
      }
    }
    Dataset<Row> generations = ScoreTransforms.dedupe(
        Tables.withMissingColumns(wh.read(Tables.GENERATIONS), Tables.GENERATIONS_SCHEMA));
    if (!s.models().isEmpty()) {
      generations = generations.filter(col("model").isin(s.models().toArray()));
    }
    if (!s.benchmarks().isEmpty()) {
      generations = generations.filter(col("benchmark").isin(s.benchmarks().toArray()));
    }
    Dataset<Row> existing = Tables.withMissingColumns(wh.readOrEmpty(Tables.SCORES, Tables.SCORES_SCHEMA),
        Tables.SCORES_SCHEMA).select(colsOf()); // a fixed column order, whatever order the partition columns come back in
    Dataset<Row> pending = s.rescoreAll() ? generations
        : ScoreTransforms.pending(generations, existing, AnswerScorer.CHECKER_VERSION);
    pending = pending.cache();
    long todo = pending.count();
    if (todo == 0) {
      LOG.info("score: nothing to do, every selected generation has a score of checker {}", AnswerScorer.CHECKER_VERSION);
      return new JobResult().count("input_rows", 0).count("output_rows", 0);
    }
    LOG.info("score: scoring {} generations with checker {} (language detection {})", todo,
        AnswerScorer.CHECKER_VERSION, s.detectLanguage() ? "on" : "off");
    long started = System.nanoTime();
    Dataset<Row> fresh = ScoreTransforms.score(ScoreTransforms.withGold(pending, wh.read(Tables.PROBLEMS)),
        s.detectLanguage()).cache();
    long scored = fresh.count();
    double seconds = (System.nanoTime() - started) / 1e9;
    Dataset<Row> kept = existing.join(fresh.select("sample_key"),
        existing.col("sample_key").equalTo(fresh.col("sample_key")), "left_anti");
    Dataset<Row> all = kept.unionByName(fresh);
    wh.replace(all.repartition(col("model"), col("benchmark"), col("lang")), Tables.SCORES, ctx.runId(),
        Tables.SAMPLE_PARTITIONS);
    long errors = fresh.filter(col("verdict").equalTo(AnswerScorer.ERROR)).count();
    LOG.info("score: {} generations scored in {} s ({} rows/s), {} with verdict error", scored,
        String.format("%.1f", seconds), String.format("%.0f", scored / Math.max(seconds, 1e-9)), errors);
    pending.unpersist();
    fresh.unpersist();
    return new JobResult().count("input_rows", todo).count("output_rows", scored).count("errors", errors);
  }

  private static org.apache.spark.sql.Column[] colsOf() {
    String[] names = Tables.SCORES_SCHEMA.fieldNames();
    org.apache.spark.sql.Column[] cols = new org.apache.spark.sql.Column[names.length];
    for (int i = 0; i < names.length; i++) {
      cols[i] = col(names[i]);
    }
    return cols;
  }
}
