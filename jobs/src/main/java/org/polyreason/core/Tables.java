package org.polyreason.core;

import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Every table of the pipeline, declared once (DESIGN.md, "Tables"): name, schema, partition columns
 * and key. Jobs name these in {@link Job#reads()} and {@link Job#writes()}. Partition columns come
 * last in each schema, matching how Spark reads partitioned Parquet back.
 */
public final class Tables {
  /** generations and scores are partitioned by model, benchmark, lang. */
  public static final String[] SAMPLE_PARTITIONS = {"model", "benchmark", "lang"};

  public static final StructType PROBLEMS_SCHEMA =
      new StructType()
          .add("problem_id", DataTypes.StringType, false)
          .add("lang", DataTypes.StringType, false)
          .add("question", DataTypes.StringType, false)
          .add("answer", DataTypes.StringType, false)
          .add("answer_kind", DataTypes.StringType, false)
          .add("raw_answer", DataTypes.StringType, false)
          .add("subset", DataTypes.StringType, true)
          .add("level", DataTypes.StringType, true)
          .add("source_file", DataTypes.StringType, false)
          .add("source_line", DataTypes.LongType, false)
          .add("answer_canonical", DataTypes.StringType, true)
          .add("answer_type", DataTypes.StringType, true)
          .add("benchmark", DataTypes.StringType, false);

  public static final StructType GENERATIONS_SCHEMA =
      new StructType()
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

  public static final StructType SCORES_SCHEMA =
      new StructType()
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
          .add("thinking_target_share", DataTypes.DoubleType, true)
          .add("consistent_polymath", DataTypes.BooleanType, true)
          .add("consistent_xreasoning", DataTypes.BooleanType, true)
          .add("consistent_strict", DataTypes.BooleanType, true)
          // the response's first equation against a worked reference (udfs FirstStep); null when
          // the problem's reference has no worked equation or the generation failed
          .add("first_step_operands", DataTypes.BooleanType, true)
          .add("first_step_operator", DataTypes.BooleanType, true)
          .add("first_step_arithmetic", DataTypes.BooleanType, true)
          .add("error", DataTypes.StringType, true)
          .add("checker_version", DataTypes.StringType, false)
          .add("scored_at", DataTypes.TimestampType, false)
          .add("step", DataTypes.LongType, true)
          .add("model", DataTypes.StringType, false)
          .add("benchmark", DataTypes.StringType, false)
          .add("lang", DataTypes.StringType, false);

  public static final StructType PAIRED_SCHEMA =
      new StructType()
          .add("model", DataTypes.StringType, false)
          .add("benchmark", DataTypes.StringType, false)
          .add("think_lang", DataTypes.StringType, true)
          .add("lang", DataTypes.StringType, false)
          .add("reference_lang", DataTypes.StringType, false)
          .add("n_problems", DataTypes.IntegerType, false)
          .add("both_correct", DataTypes.IntegerType, false)
          .add("only_reference", DataTypes.IntegerType, false)
          .add("only_target", DataTypes.IntegerType, false)
          .add("neither", DataTypes.IntegerType, false)
          .add("mcnemar_p", DataTypes.DoubleType, true);

  public static final StructType TRANSFER_SCHEMA =
      new StructType()
          .add("model", DataTypes.StringType, false)
          .add("base_model", DataTypes.StringType, false)
          .add("benchmark", DataTypes.StringType, false)
          .add("train_langs", DataTypes.createArrayType(DataTypes.StringType), false)
          .add("eval_langs", DataTypes.createArrayType(DataTypes.StringType), false)
          .add("mode", DataTypes.StringType, false)
          .add("mti", DataTypes.DoubleType, true)
          .add("mti_ci_low", DataTypes.DoubleType, true)
          .add("mti_ci_high", DataTypes.DoubleType, true)
          .add("mti_null_reason", DataTypes.StringType, true)
          .add("mean_gain_train", DataTypes.DoubleType, true)
          .add("mean_gain_unseen", DataTypes.DoubleType, true)
          .add("gap_change", DataTypes.DoubleType, true)
          .add("gain", DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType), true)
          .add(
              "transfer_ratio",
              DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType),
              true)
          .add(
              "excluded_langs",
              DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType),
              true)
          .add("n_problems", DataTypes.IntegerType, true)
          .add("source", DataTypes.StringType, false);

  /** y of one language at one N: the mean over the N's models, with its bootstrap CI. */
  public static final StructType SCALING_LANGUAGE_SCHEMA =
      new StructType()
          .add("lang", DataTypes.StringType, false)
          .add("y", DataTypes.DoubleType, false)
          .add("ci_low", DataTypes.DoubleType, true)
          .add("ci_high", DataTypes.DoubleType, true);

  public static final StructType SCALING_POINT_SCHEMA =
      new StructType()
          .add("n", DataTypes.IntegerType, false)
          .add("model", DataTypes.StringType, false)
          .add("y", DataTypes.DoubleType, false)
          .add("y_fit", DataTypes.DoubleType, true)
          .add("fitted", DataTypes.BooleanType, false)
          .add("models", DataTypes.createArrayType(DataTypes.StringType), false)
          .add("y_ci_low", DataTypes.DoubleType, true)
          .add("y_ci_high", DataTypes.DoubleType, true)
          .add("languages", DataTypes.createArrayType(SCALING_LANGUAGE_SCHEMA), true);

  public static final StructType SCALING_FITS_SCHEMA =
      new StructType()
          .add("series", DataTypes.StringType, false)
          .add("benchmark", DataTypes.StringType, false)
          .add("metric", DataTypes.StringType, false)
          .add("form", DataTypes.StringType, false)
          .add("fit_from", DataTypes.IntegerType, false)
          .add("n_points", DataTypes.IntegerType, false)
          .add("a", DataTypes.DoubleType, true)
          .add("b", DataTypes.DoubleType, true)
          .add("c", DataTypes.DoubleType, true)
          .add("se_a", DataTypes.DoubleType, true)
          .add("se_b", DataTypes.DoubleType, true)
          .add("se_c", DataTypes.DoubleType, true)
          .add("a_ci_low", DataTypes.DoubleType, true)
          .add("a_ci_high", DataTypes.DoubleType, true)
          .add("b_ci_low", DataTypes.DoubleType, true)
          .add("b_ci_high", DataTypes.DoubleType, true)
          .add("r2", DataTypes.DoubleType, true)
          .add("rmse", DataTypes.DoubleType, true)
          .add("loo_error", DataTypes.DoubleType, true)
          .add("first_parallel_leap", DataTypes.DoubleType, true)
          .add("first_parallel_leap_ci_low", DataTypes.DoubleType, true)
          .add("first_parallel_leap_ci_high", DataTypes.DoubleType, true)
          .add("leap_ratio", DataTypes.DoubleType, true)
          .add("mgg", DataTypes.DoubleType, true)
          .add("ci_problems", DataTypes.IntegerType, true)
          .add("points", DataTypes.createArrayType(SCALING_POINT_SCHEMA), false)
          .add("fit_null_reason", DataTypes.StringType, true);

  public static final StructType STUDY_STATE_SCHEMA =
      new StructType()
          .add("study", DataTypes.StringType, false)
          .add("stage", DataTypes.StringType, false)
          .add("stage_index", DataTypes.IntegerType, false)
          .add("job", DataTypes.StringType, false)
          .add("run_id", DataTypes.StringType, false)
          .add("study_run_id", DataTypes.StringType, false)
          .add("fingerprint", DataTypes.StringType, false)
          .add("status", DataTypes.StringType, false)
          .add("error", DataTypes.StringType, true)
          .add("started_at", DataTypes.TimestampType, false)
          .add("finished_at", DataTypes.TimestampType, false);

  public static final StructType TRAINING_CURVES_SCHEMA =
      new StructType()
          .add("model_id", DataTypes.StringType, false)
          .add("stage", DataTypes.StringType, false)
          .add("step", DataTypes.IntegerType, false)
          .add("loss", DataTypes.DoubleType, false)
          .add("learning_rate", DataTypes.DoubleType, false)
          .add("tokens", DataTypes.LongType, false)
          .add("seconds", DataTypes.DoubleType, false)
          .add("run_id", DataTypes.StringType, false);

  public static final StructType TRAINED_MODELS_SCHEMA =
      new StructType()
          .add("model_id", DataTypes.StringType, false)
          .add("stage", DataTypes.StringType, false)
          .add("base_model", DataTypes.StringType, true)
          .add("n", DataTypes.IntegerType, false)
          .add("seed", DataTypes.LongType, false)
          .add("train_languages", DataTypes.createArrayType(DataTypes.StringType), false)
          .add("path", DataTypes.StringType, false)
          .add("engine", DataTypes.StringType, false)
          .add("parameters", DataTypes.LongType, false)
          .add("steps", DataTypes.IntegerType, false)
          .add("batch_size", DataTypes.IntegerType, false)
          .add("train_tokens", DataTypes.LongType, false)
          .add("final_loss", DataTypes.DoubleType, false)
          .add("seconds", DataTypes.DoubleType, false)
          .add("run_id", DataTypes.StringType, false)
          .add("created_at", DataTypes.TimestampType, false);

  public static final StructType TRANSLATION_PROBES_SCHEMA =
      new StructType()
          .add("model_id", DataTypes.StringType, false)
          .add("stage", DataTypes.StringType, false)
          .add("base_model", DataTypes.StringType, true)
          .add("n", DataTypes.IntegerType, false)
          .add("seed", DataTypes.LongType, false)
          .add("lang", DataTypes.StringType, false)
          .add("target_lang", DataTypes.StringType, false)
          .add("probe", DataTypes.StringType, false)
          .add("items", DataTypes.IntegerType, false)
          .add("preferred", DataTypes.IntegerType, false)
          .add("share", DataTypes.DoubleType, false)
          .add("mean_margin", DataTypes.DoubleType, false)
          .add("run_id", DataTypes.StringType, false);

  public static final Table PROBLEMS =
      Table.warehouse(
          "problems", PROBLEMS_SCHEMA, List.of("benchmark", "problem_id", "lang"), "benchmark");
  public static final Table GENERATIONS =
      Table.warehouse("generations", GENERATIONS_SCHEMA, List.of("sample_key"), SAMPLE_PARTITIONS);
  public static final Table SCORES =
      Table.warehouse("scores", SCORES_SCHEMA, List.of("sample_key"), SAMPLE_PARTITIONS);
  public static final Table METRICS =
      Table.warehouse(
          "metrics",
          MetricsTable.SCHEMA,
          List.of("model", "benchmark", "lang", "think_lang", "source"));
  public static final Table PAIRED =
      Table.warehouse("paired", PAIRED_SCHEMA, List.of("model", "benchmark", "think_lang", "lang"));
  public static final Table TRANSFER =
      Table.warehouse("transfer", TRANSFER_SCHEMA, List.of("model", "base_model", "benchmark"));
  public static final Table SCALING_FITS =
      Table.warehouse(
          "scaling_fits", SCALING_FITS_SCHEMA, List.of("series", "benchmark", "metric", "form"));
  public static final Table RUNS = Table.warehouse("runs", RunsTable.SCHEMA, List.of("run_id"));
  public static final Table STUDY_STATE =
      Table.warehouse("study_state", STUDY_STATE_SCHEMA, List.of("study", "stage", "run_id"));

  /** The report: report.html, summary.md and figures/ under {@code polyreason.report.out}. */
  public static final Table REPORT =
      Table.artifact("report", "polyreason.report.out", "report.html");

  public static final Table TRAINING_CURVES =
      Table.warehouse(
          "training_curves", TRAINING_CURVES_SCHEMA, List.of("model_id", "stage", "step"));
  public static final Table TRAINED_MODELS =
      Table.warehouse("trained_models", TRAINED_MODELS_SCHEMA, List.of("model_id"));
  public static final Table TRANSLATION_PROBES =
      Table.warehouse(
          "translation_probes", TRANSLATION_PROBES_SCHEMA, List.of("model_id", "lang", "probe"));

  /**
   * The rows of every parallel training set (one per set, problem and language; the trainer files
   * under {@code polyreason.parallel-data.out} are written from them). Declared here by key and
   * partition; the other columns are those of {@code ParallelDataTransforms.setRows} (README).
   */
  public static final Table TRAINING_SETS =
      Table.warehouse(
          "training_sets",
          new StructType()
              .add("benchmark", DataTypes.StringType, false)
              .add("problem_id", DataTypes.StringType, false)
              .add("lang", DataTypes.StringType, false)
              .add("set", DataTypes.StringType, false),
          List.of("set", "benchmark", "problem_id", "lang"),
          "set");

  /**
   * One row per scored rollout with reward components, formulas and group statistics. Declared here
   * by key and partition; the formula columns depend on {@code polyreason.reward.formulas} ({@code
   * RewardTransforms.rowSchema}, README).
   */
  public static final Table REWARDS =
      Table.warehouse(
          "rewards",
          new StructType()
              .add("sample_key", DataTypes.StringType, false)
              .add("model", DataTypes.StringType, false)
              .add("benchmark", DataTypes.StringType, false)
              .add("lang", DataTypes.StringType, false),
          List.of("sample_key"),
          SAMPLE_PARTITIONS);

  /** Every table, in data-flow order. */
  public static final List<Table> ALL =
      List.of(
          PROBLEMS,
          GENERATIONS,
          SCORES,
          METRICS,
          PAIRED,
          TRANSFER,
          SCALING_FITS,
          RUNS,
          STUDY_STATE,
          REPORT,
          TRAINING_CURVES,
          TRAINED_MODELS,
          TRANSLATION_PROBES,
          TRAINING_SETS,
          REWARDS);

  private Tables() {}

  /**
   * {@code data} with every nullable column of {@code schema} it lacks added as nulls: tables
   * written before a column was introduced (e.g. {@code step}, {@code group_id}) read like current
   * ones.
   */
  public static org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> withMissingColumns(
      org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> data, StructType schema) {
    var names = java.util.Set.of(data.columns());
    for (var f : schema.fields()) {
      if (f.nullable() && !names.contains(f.name())) {
        data =
            data.withColumn(f.name(), org.apache.spark.sql.functions.lit(null).cast(f.dataType()));
      }
    }
    return data;
  }
}
