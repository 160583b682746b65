package org.polyreason.jobs.reward;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.stddev_samp;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.polyreason.udfs.scoring.LanguageShare;
import org.polyreason.udfs.scoring.ResponseSplitter;

/** Pure transforms of the reward job: components, formulas and group statistics (no IO). */
public final class RewardTransforms {
  private RewardTransforms() {}

  /**
   * The reward components of one rollout.
   *
   * @param accuracy 1 when the checker's verdict is correct, else 0
   * @param format 1 when the reasoning block is closed, the generation was not cut at the token
   *     limit and a final answer was extracted, else 0
   * @param languageShare share of the reasoning's letters in the target language (null: no letters)
   * @param answerShare the same for the answer part (null: no letters or no answer part)
   * @param consistent min(reasoning share, answer share) ≥ the gate threshold; an answer without
   *     letters (e.g. only {@code \boxed{8}}) does not break consistency, a reasoning without
   *     letters does
   */
  public record Components(
      double accuracy,
      double format,
      Double languageShare,
      Double answerShare,
      boolean consistent) {

    /** Language share as a number: a reasoning without letters counts as 0. */
    public double share() {
      return languageShare == null ? 0.0 : languageShare;
    }
  }

  /** Components from a generation's text and its score. */
  public static Components components(
      String text,
      String target,
      String finishReason,
      String extractedAnswer,
      boolean correct,
      double gateThreshold) {
    ResponseSplitter.Split split = text == null ? null : ResponseSplitter.split(text);
    boolean closed =
        split != null
            && !split.truncated()
            && !"length".equals(finishReason)
            && !"error".equals(finishReason);
    double format = closed && extractedAnswer != null ? 1.0 : 0.0;
    Double reasoning = split == null ? null : LanguageShare.of(split.reasoning(), target);
    Double answer =
        split == null || split.answer() == null ? null : LanguageShare.of(split.answer(), target);
    double min = Math.min(reasoning == null ? 0.0 : reasoning, answer == null ? 1.0 : answer);
    return new Components(correct ? 1.0 : 0.0, format, reasoning, answer, min >= gateThreshold);
  }

  /**
   * A named formula (README, "Training with verl", each with its source): {@code accuracy}; {@code
   * r1} = accuracy + language share (DeepSeek-R1's language-consistency reward added to the rule
   * reward); {@code format-accuracy-language} = 0.2·format + accuracy + 0.2·language share; {@code
   * slc} = 0.9·accuracy + 0.1·consistent; {@code gated} = 0 when not consistent, 0.1 when
   * consistent and wrong, 1.0 when consistent and correct.
   */
  public static double formula(String name, Components c) {
    double consistent = c.consistent() ? 1.0 : 0.0;
    return switch (name) {
      case "accuracy" -> c.accuracy();
      case "r1" -> c.accuracy() + c.share();
      case "format-accuracy-language" -> 0.2 * c.format() + c.accuracy() + 0.2 * c.share();
      case "slc" -> 0.9 * c.accuracy() + 0.1 * consistent;
      case "gated" -> !c.consistent() ? 0.0 : c.accuracy() == 1.0 ? 1.0 : 0.1;
      default -> throw new IllegalArgumentException("unknown reward formula " + name);
    };
  }

  /** The user formula: Σ weight · component (consistent as 0/1, a missing language share as 0). */
  public static double custom(Map<String, Double> weights, Components c) {
    double r = 0;
    for (var w : weights.entrySet()) {
      r +=
          w.getValue()
              * switch (w.getKey()) {
                case "accuracy" -> c.accuracy();
                case "format" -> c.format();
                case "language_share" -> c.share();
                case "consistent" -> c.consistent() ? 1.0 : 0.0;
                default -> throw new IllegalArgumentException("unknown component " + w.getKey());
              };
    }
    return r;
  }

  /** Columns of a rollout before the group statistics. */
  static StructType rowSchema(RewardSettings s) {
    StructType t =
        new StructType()
            .add("sample_key", DataTypes.StringType, false)
            .add("problem_id", DataTypes.StringType, false)
            .add("think_lang", DataTypes.StringType, true)
            .add("sample_idx", DataTypes.IntegerType, false)
            .add("step", DataTypes.LongType, true)
            .add("gen_group_id", DataTypes.StringType, true)
            .add("verdict", DataTypes.StringType, false)
            .add("accuracy", DataTypes.DoubleType, false)
            .add("format", DataTypes.DoubleType, false)
            .add("language_share", DataTypes.DoubleType, true)
            .add("answer_language_share", DataTypes.DoubleType, true)
            .add("consistent", DataTypes.BooleanType, false);
    for (String f : s.formulas()) {
      t = t.add(RewardSettings.column(f), DataTypes.DoubleType, false);
    }
    if (!s.custom().isEmpty()) {
      t = t.add("reward_custom", DataTypes.DoubleType, false);
    }
    return t.add("model", DataTypes.StringType, false)
        .add("benchmark", DataTypes.StringType, false)
        .add("lang", DataTypes.StringType, false);
  }

  /**
   * Scores joined with their generation's {@code text} and {@code group_id} → one row per rollout
   * with components and formulas, computed on the executors row by row.
   */
  public static Dataset<Row> rewards(Dataset<Row> scoresWithText, RewardSettings s) {
    List<String> formulas = s.formulas();
    Map<String, Double> weights = s.custom();
    double threshold = s.gateThreshold();
    MapFunction<Row, Row> fn =
        r -> {
          String lang = r.getAs("lang");
          String think = r.getAs("think_lang");
          Components c =
              components(
                  r.getAs("text"),
                  think != null ? think : lang,
                  r.getAs("finish_reason"),
                  r.getAs("extracted_answer"),
                  r.<Boolean>getAs("correct"),
                  threshold);
          List<Object> v = new ArrayList<>();
          v.add(r.getAs("sample_key"));
          v.add(r.getAs("problem_id"));
          v.add(think);
          v.add(r.getAs("sample_idx"));
          v.add(r.getAs("step"));
          v.add(r.getAs("group_id"));
          v.add(r.getAs("verdict"));
          v.add(c.accuracy());
          v.add(c.format());
          v.add(c.languageShare());
          v.add(c.answerShare());
          v.add(c.consistent());
          for (String f : formulas) {
            v.add(formula(f, c));
          }
          if (!weights.isEmpty()) {
            v.add(custom(weights, c));
          }
          v.add(r.getAs("model"));
          v.add(r.getAs("benchmark"));
          v.add(lang);
          return RowFactory.create(v.toArray());
        };
    return scoresWithText.map(fn, Encoders.row(rowSchema(s)));
  }

  /**
   * Group statistics over the rollouts of one group: the generation's {@code group_id} when it has
   * one, else the SHA-256 of (model, benchmark, lang, problem_id, think_lang, step). {@code
   * group_mean} and {@code group_std} (sample standard deviation, n − 1, as verl's GRPO) of the
   * primary formula, {@code advantage} = (r − mean) / (std + ε) (0 in a group of one), {@code
   * pass_rate} = share correct, {@code learnable} = 0 < correct < group size.
   */
  public static Dataset<Row> withGroups(
      Dataset<Row> rewards, String primaryColumn, double epsilon) {
    Column fallback =
        sha2(
            concat_ws(
                "|",
                col("model"),
                col("benchmark"),
                col("lang"),
                col("problem_id"),
                coalesce(col("think_lang"), lit("")),
                coalesce(col("step").cast("string"), lit(""))),
            256);
    Dataset<Row> g =
        rewards
            .withColumn("group_id", coalesce(col("gen_group_id"), fallback))
            .drop("gen_group_id");
    WindowSpec w = Window.partitionBy("group_id");
    Column r = col(primaryColumn);
    return g.withColumn("group_size", count(lit(1)).over(w))
        .withColumn("group_mean", avg(r).over(w))
        .withColumn("group_std", coalesce(stddev_samp(r).over(w), lit(0.0)))
        .withColumn(
            "advantage",
            when(
                    col("group_size").gt(1),
                    r.minus(col("group_mean")).divide(col("group_std").plus(epsilon)))
                .otherwise(lit(0.0)))
        .withColumn("pass_rate", avg(col("accuracy")).over(w))
        .withColumn("_correct", sum(col("accuracy")).over(w))
        .withColumn("learnable", col("_correct").gt(0).and(col("_correct").lt(col("group_size"))))
        .drop("_correct");
  }
}
