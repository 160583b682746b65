package org.polyreason.jobs.score;

import static org.apache.spark.sql.functions.col;

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
import org.polyreason.udfs.scoring.AnswerScorer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code score}: generations → scores. Idempotent by sample_key: only generations without a score
 * of the current checker version are scored (all of them with {@code polyreason.score.rescore =
 * true}); the table is then rewritten completely and swapped in.
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
  public List<Table> reads() {
    return List.of(Tables.GENERATIONS, Tables.PROBLEMS, Tables.SCORES);
  }

  @Override
  public List<Table> writes() {
    return List.of(Tables.SCORES);
  }

  @Override
  public ScoreSettings parse(Settings settings) {
    return ScoreSettings.parse(settings);
  }

  @Override
  public JobResult run(SparkSession spark, ScoreSettings s, RunContext ctx) {
    var wh = ctx.warehouse();
    wh.hold(Tables.SCORES); // read (stored scores) and replaced by this run: one writer
    for (Table table : List.of(Tables.PROBLEMS, Tables.GENERATIONS)) {
      if (!wh.exists(table)) {
        throw new UserException(
            "Table "
                + table
                + " does not exist in "
                + wh.root()
                + "; run "
                + (table == Tables.PROBLEMS ? "ingest" : "import or generate")
                + " first");
      }
    }
    Dataset<Row> stored =
        Tables.withMissingColumns(wh.read(Tables.GENERATIONS), Tables.GENERATIONS_SCHEMA);
    // the window that deduplicates shuffles every row with its text; most tables have no
    // duplicate key, which a pass over the keys alone shows
    Dataset<Row> generations =
        ScoreTransforms.hasDuplicateKeys(stored) ? ScoreTransforms.dedupe(stored) : stored;
    if (!s.models().isEmpty()) {
      generations = generations.filter(col("model").isin(s.models().toArray()));
    }
    if (!s.benchmarks().isEmpty()) {
      generations = generations.filter(col("benchmark").isin(s.benchmarks().toArray()));
    }
    // a fixed column order, whatever order the partition columns come back in
    Dataset<Row> storedScores =
        Tables.withMissingColumns(wh.readOrEmpty(Tables.SCORES), Tables.SCORES_SCHEMA)
            .select(colsOf());
    // a score whose generation is gone (generate removed a superseded revision of its model) is
    // not written back: scores mirror generations. Pending needs no such filter (an orphan matches
    // no generation), so only the write joins the generations' keys.
    Dataset<Row> generationKeys = stored.select("sample_key");
    Dataset<Row> existing =
        storedScores.join(generationKeys, "sample_key", "left_semi").select(colsOf());
    long orphans = storedScores.join(generationKeys, "sample_key", "left_anti").count();
    Dataset<Row> pending =
        s.rescoreAll()
            ? generations
            : ScoreTransforms.pending(generations, storedScores, AnswerScorer.CHECKER_VERSION);
    // not cached: pending rows carry the full text, and a cache would hold every trace until the
    // job ends; counting reads only the key columns, and scoring streams one row at a time
    long todo = pending.count();
    if (orphans > 0) {
      LOG.warn(
          "score: removing {} scores whose generation is no longer in generations (a model's"
              + " superseded revision)",
          orphans);
    }
    if (todo == 0) {
      if (orphans > 0) {
        replaceScores(wh, existing, ctx.runId());
      } else {
        LOG.info(
            "score: nothing to do, every selected generation has a score of checker {}",
            AnswerScorer.CHECKER_VERSION);
      }
      return new JobResult()
          .count("input_rows", 0)
          .count("output_rows", 0)
          .count("removed_rows", orphans);
    }
    LOG.info(
        "score: scoring {} generations with checker {} (language detection {})",
        todo,
        AnswerScorer.CHECKER_VERSION,
        s.detectLanguage() ? "on" : "off");
    long started = System.nanoTime();
    Dataset<Row> fresh =
        ScoreTransforms.score(
                ScoreTransforms.withGold(pending, wh.read(Tables.PROBLEMS)), s.detectLanguage())
            .cache();
    long scored = fresh.count();
    double seconds = (System.nanoTime() - started) / 1e9;
    Dataset<Row> kept = Tables.SCORES.notIn(existing, fresh.select("sample_key"));
    replaceScores(wh, kept.unionByName(fresh), ctx.runId());
    long errors = fresh.filter(col("verdict").equalTo(AnswerScorer.ERROR)).count();
    long scoringErrors = fresh.filter(ScoreTransforms.scoringFailed()).count();
    LOG.info(
        "score: {} generations scored in {} s ({} rows/s), {} with verdict error, {} of them because "
            + "scoring threw (see scores.error)",
        scored,
        String.format("%.1f", seconds),
        String.format("%.0f", scored / Math.max(seconds, 1e-9)),
        errors,
        scoringErrors);
    if (scoringErrors > 0) {
      fresh
          .filter(ScoreTransforms.scoringFailed())
          .select("sample_key", "error")
          .limit(5)
          .toLocalIterator()
          .forEachRemaining(
              r -> LOG.warn("score: {} failed to score: {}", r.getString(0), r.getString(1)));
    }
    fresh.unpersist();
    JobResult result =
        new JobResult()
            .count("input_rows", todo)
            .count("output_rows", scored)
            .count("errors", errors)
            .count("scoring_errors", scoringErrors)
            .count("removed_rows", orphans);
    if (scored > 0 && scoringErrors > s.maxErrorRate() * scored) {
      throw new IllegalStateException(
          String.format(
              "score: scoring threw on %d of %d rows (rate %.4f > "
                  + "polyreason.score.max-error-rate %.4f); they are stored with verdict error and the exception in "
                  + "scores.error",
              scoringErrors, scored, scoringErrors / (double) scored, s.maxErrorRate()));
    }
    return result;
  }

  /**
   * Replaces the scores table with {@code scores}, one set of files per (model, benchmark, lang).
   */
  private static void replaceScores(Warehouse wh, Dataset<Row> scores, String runId) {
    wh.replace(
        scores.repartition(col("model"), col("benchmark"), col("lang")), Tables.SCORES, runId);
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
