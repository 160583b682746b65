package org.polyreason.core;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Names, schemas and partitioning of the warehouse tables shared by several jobs (DESIGN.md, "Tables").
 * Partition columns come last in each schema, matching how Spark reads partitioned Parquet back.
 */
public final class Tables {
  public static final String PROBLEMS = "problems";
  public static final String GENERATIONS = "generations";
  public static final String SCORES = "scores";
  public static final String METRICS = "metrics";
  public static final String PAIRED = "paired";
  public static final String TRANSFER = "transfer";
  public static final String SCALING_FITS = "scaling_fits";
  public static final String RUNS = "runs";
  public static final String TRAINING_SETS = "training_sets";
  public static final String REWARDS = "rewards";

  /** generations and scores are partitioned by model, benchmark, lang. */
  public static final String[] SAMPLE_PARTITIONS = {"model", "benchmark", "lang"};

  public static final StructType GENERATIONS_SCHEMA = new StructType()
      .add("sample_key", DataTypes.StringType, false)
      .add("run_id", DataTypes.StringType, false)
      .add("model_revision", DataTypes.StringType, true)
      .add("engine", DataTypes.StringType, false)
      .add("device", DataTypes.StringType, true)
      .add("problem_id", DataTypes.StringType, false)
      .add("think_lang", DataTypes.StringType, true)
      .add("sample_idx", DataTypes.IntegerType, false)
      .add("seed", DataTypes.LongType, true)
      .add("temperature", DataTypes.DoubleType, true)
      .add("top_p", DataTypes.DoubleType, true)
      .add("top_k", DataTypes.IntegerType, true)
      .add("max_new_tokens", DataTypes.IntegerType, true)
      .add("template_id", DataTypes.StringType, true)
      .add("prompt_tokens", DataTypes.IntegerType, true)
      .add("completion_tokens", DataTypes.IntegerType, true)
      .add("finish_reason", DataTypes.StringType, false)
      .add("text", DataTypes.StringType, true)
      .add("error", DataTypes.StringType, true)
      .add("latency_ms", DataTypes.LongType, true)
      .add("created_at", DataTypes.TimestampType, false)
      .add("group_id", DataTypes.StringType, true)
      .add("step", DataTypes.LongType, true)
      .add("model", DataTypes.StringType, false)
      .add("benchmark", DataTypes.StringType, false)
      .add("lang", DataTypes.StringType, false);

  public static final StructType SCORES_SCHEMA = new StructType()
      .add("sample_key", DataTypes.StringType, false)
      .add("problem_id", DataTypes.StringType, false)
      .add("think_lang", DataTypes.StringType, true)
      .add("sample_idx", DataTypes.IntegerType, false)
      .add("finish_reason", DataTypes.StringType, false)
      .add("completion_tokens", DataTypes.IntegerType, true)
      .add("extracted_answer", DataTypes.StringType, true)
      .add("extraction_rule", DataTypes.StringType, false)
      .add("verdict", DataTypes.StringType, false)
      .add("correct", DataTypes.BooleanType, false)
      .add("thinking_lang", DataTypes.StringType, true)
      .add("answer_lang", DataTypes.StringType, true)
      .add("lang_consistent", DataTypes.BooleanType, true)
      .add("checker_version", DataTypes.StringType, false)
      .add("scored_at", DataTypes.TimestampType, false)
      .add("step", DataTypes.LongType, true)
      .add("model", DataTypes.StringType, false)
      .add("benchmark", DataTypes.StringType, false)
      .add("lang", DataTypes.StringType, false);

  private Tables() {}

  /**
   * {@code data} with every nullable column of {@code schema} it lacks added as nulls: tables written
   * before a column was introduced (e.g. {@code step}, {@code group_id}) read like current ones.
   */
  public static org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> withMissingColumns(
      org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> data, StructType schema) {
    var names = java.util.Set.of(data.columns());
    for (var f : schema.fields()) {
      if (f.nullable() && !names.contains(f.name())) {
        data = data.withColumn(f.name(), org.apache.spark.sql.functions.lit(null).cast(f.dataType()));
      }
    }
    return data;
  }
}
