package org.polyreason.jobs.reward;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.struct;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.polyreason.common.UserException;
import org.polyreason.config.Settings;
import org.polyreason.core.GlobalOrder;
import org.polyreason.core.Job;
import org.polyreason.core.JobResult;
import org.polyreason.core.RunContext;
import org.polyreason.core.Table;
import org.polyreason.core.Tables;
import org.polyreason.core.TrainerFiles;
import org.polyreason.core.TrainerLayouts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code reward}: scores (+ generations' text) → rewards, one row per scored generation with the
 * reward components, the configured formulas and the GRPO group statistics; optionally the
 * rejection-sampling export of one round of expert iteration (correct and language-consistent
 * rollouts as chat SFT data, learnable problems as a new verl RL set).
 */
public final class RewardJob implements Job<RewardSettings> {
  private static final Logger LOG = LoggerFactory.getLogger(RewardJob.class);

  @Override
  public String name() {
    return "reward";
  }

  @Override
  public List<Table> reads() {
    return List.of(Tables.SCORES, Tables.GENERATIONS, Tables.PROBLEMS);
  }

  @Override
  public List<Table> writes() {
    return List.of(Tables.REWARDS);
  }

  @Override
  public String description() {
    return "scores -> rewards (components, reward formulas, GRPO group statistics, rejection sampling)";
  }

  @Override
  public RewardSettings parse(Settings settings) {
    return RewardSettings.parse(settings);
  }

  @Override
  public JobResult run(SparkSession spark, RewardSettings s, RunContext ctx) {
    var wh = ctx.warehouse();
    for (Table table : List.of(Tables.GENERATIONS, Tables.SCORES)) {
      if (!wh.exists(table)) {
        throw new UserException(
            "Table "
                + table
                + " does not exist in "
                + wh.root()
                + "; run "
                + (table == Tables.SCORES ? "score" : "import or generate")
                + " first");
      }
    }
    Dataset<Row> scores =
        dedupe(Tables.withMissingColumns(wh.read(Tables.SCORES), Tables.SCORES_SCHEMA));
    if (!s.models().isEmpty()) {
      scores = scores.filter(col("model").isin(s.models().toArray()));
    }
    if (!s.benchmarks().isEmpty()) {
      scores = scores.filter(col("benchmark").isin(s.benchmarks().toArray()));
    }
    Dataset<Row> gens =
        Tables.withMissingColumns(wh.read(Tables.GENERATIONS), Tables.GENERATIONS_SCHEMA)
            .filter(col("finish_reason").notEqual("error"))
            .select(col("sample_key").as("g_key"), col("text"), col("group_id"))
            .dropDuplicates("g_key");
    Dataset<Row> joined =
        scores
            .join(gens, scores.col("sample_key").equalTo(gens.col("g_key")), "left")
            .drop("g_key");
    String primary =
        s.primary().equals("custom") ? "reward_custom" : RewardSettings.column(s.primary());
    Dataset<Row> rewards =
        RewardTransforms.withGroups(RewardTransforms.rewards(joined, s), primary, s.epsilon());
    wh.replace(
        rewards.repartition(col("model"), col("benchmark"), col("lang")),
        Tables.REWARDS,
        ctx.runId());
    Dataset<Row> stored = wh.read(Tables.REWARDS).cache();
    long rows = stored.count();
    logMeans(stored, s);
    JobResult result = new JobResult().count("input_rows", rows).count("output_rows", rows);
    if (s.export()) {
      String out =
          s.exportOut().isEmpty() ? wh.path("trainer-data") + "/rejection-sampling" : s.exportOut();
      Dataset<Row> problems = wh.read(Tables.PROBLEMS);
      TrainerFiles files = new TrainerFiles(spark, out, ctx.runId());
      Dataset<Row> sft = sftExport(stored, gensText(wh), problems, s);
      long sftRows = sft.count();
      files.write(sft.repartition(1), "sft/train.parquet");
      Dataset<Row> rl = rlExport(stored, problems, s);
      long rlRows = rl.count();
      files.write(rl.repartition(1), "verl/train.parquet");
      files.finish();
      LOG.info(
          "reward: rejection-sampling export under {}: {} SFT rollouts, {} learnable RL rows",
          out,
          sftRows,
          rlRows);
      result.count("sft_rows", sftRows).count("rl_rows", rlRows);
    }
    stored.unpersist();
    return result;
  }

  private static Dataset<Row> gensText(org.polyreason.core.Warehouse wh) {
    return wh.read(Tables.GENERATIONS)
        .filter(col("finish_reason").notEqual("error"))
        .select(col("sample_key").as("g_key"), col("text"))
        .dropDuplicates("g_key");
  }

  /** Scores deduplicated by sample_key, the newest score winning. */
  static Dataset<Row> dedupe(Dataset<Row> scores) {
    var w = Window.partitionBy("sample_key").orderBy(col("scored_at").desc());
    return scores
        .withColumn("_rank", row_number().over(w))
        .filter(col("_rank").equalTo(1))
        .drop("_rank");
  }

  /** Per (model, benchmark, lang, step) means of every reward column, logged for the run. */
  private static void logMeans(Dataset<Row> rewards, RewardSettings s) {
    List<Column> aggs = new ArrayList<>();
    for (String c : rewards.columns()) {
      if (c.startsWith("reward_")) {
        aggs.add(avg(col(c)).as(c));
      }
    }
    aggs.add(avg(col("language_share")).as("language_share"));
    Dataset<Row> means =
        rewards
            .groupBy("model", "benchmark", "lang", "step")
            .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new))
            .orderBy("model", "benchmark", "step", "lang");
    for (Row r : means.limit(200).collectAsList()) {
      LOG.info("reward means {}", r.mkString(" "));
    }
  }

  /**
   * Correct and language-consistent rollouts, at most m per (model, benchmark, problem, lang,
   * think_lang) drawn by a seeded hash, as chat SFT rows: the user prompt and the rollout's text.
   */
  static Dataset<Row> sftExport(
      Dataset<Row> rewards, Dataset<Row> text, Dataset<Row> problems, RewardSettings s) {
    Dataset<Row> ok =
        rewards
            .filter(col("accuracy").equalTo(1.0).and(col("consistent")))
            .withColumn(
                "_h", sha2(concat_ws("|", lit(Long.toString(s.seed())), col("sample_key")), 256))
            .withColumn(
                "_n",
                row_number()
                    .over(
                        Window.partitionBy("model", "benchmark", "problem_id", "lang", "think_lang")
                            .orderBy("_h")))
            .filter(col("_n").leq(s.maxPerProblem()));
    Dataset<Row> withText =
        ok.join(text, ok.col("sample_key").equalTo(text.col("g_key"))).drop("g_key");
    Dataset<Row> withQ =
        withText.join(
            problems.select("benchmark", "problem_id", "lang", "question"),
            new String[] {"benchmark", "problem_id", "lang"});
    Dataset<Row> rows =
        withQ
            .withColumn("prompt", TrainerLayouts.userPrompt(user(s)))
            .orderBy("model", "benchmark", "lang", "problem_id", "_n");
    Column info =
        struct(
            col("model"),
            col("benchmark"),
            col("problem_id"),
            col("lang"),
            col("think_lang"),
            col("sample_key"),
            col("step"));
    return TrainerLayouts.sft(rows, col("text"), info);
  }

  /**
   * Problems of learnable groups (0 < correct < k), in verl's RL layout (one row per problem and
   * lang).
   */
  static Dataset<Row> rlExport(Dataset<Row> rewards, Dataset<Row> problems, RewardSettings s) {
    Dataset<Row> learnable =
        rewards.filter(col("learnable")).select("benchmark", "problem_id", "lang").distinct();
    Dataset<Row> joined =
        learnable
            .join(
                problems.select("benchmark", "problem_id", "lang", "question", "answer"),
                new String[] {"benchmark", "problem_id", "lang"})
            .withColumn("prompt", TrainerLayouts.userPrompt(user(s)))
            .withColumn("data_source", concat_ws("/", lit("polyreason"), col("benchmark")));
    Dataset<Row> rows =
        GlobalOrder.withRowNumber(joined, "_rn", col("benchmark"), col("problem_id"), col("lang"))
            .withColumn("idx", col("_rn").minus(1))
            .drop("_rn");
    Column info =
        struct(
            lit("train").as("split"),
            col("idx").as("index"),
            col("benchmark"),
            col("problem_id"),
            col("lang"),
            col("lang").as("think_lang"),
            concat_ws("/", col("benchmark"), col("problem_id")).as("parallel_group"));
    return TrainerLayouts.verl(rows, info);
  }

  private static Column user(RewardSettings s) {
    String[] parts = s.userTemplate().split("\\{question\\}", -1);
    Column c = lit(parts[0]);
    for (int i = 1; i < parts.length; i++) {
      c = concat_ws("", c, col("question"), lit(parts[i]));
    }
    return c;
  }
}
