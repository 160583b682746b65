package org.polyreason.core;

import static org.apache.spark.sql.functions.col;

import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The {@code metrics} table, written by {@code aggregate} (source = {@code scores}) and {@code
 * import-metrics} (source = {@code external}), read by {@code transfer} and {@code scaling-law}.
 * Key: model, benchmark, lang, think_lang (null = reasoning language not forced), source. The row
 * with lang = {@value #ALL} is the mean over the languages of its model, benchmark and think_lang.
 */
public final class MetricsTable {
  public static final String ALL = "ALL";
  public static final String SOURCE_SCORES = "scores";
  public static final String SOURCE_EXTERNAL = "external";

  public static final StructType SCHEMA =
      new StructType()
          .add("model", DataTypes.StringType, false)
          .add("benchmark", DataTypes.StringType, false)
          .add("lang", DataTypes.StringType, false)
          .add("think_lang", DataTypes.StringType, true)
          .add("n_problems", DataTypes.IntegerType, true)
          .add("k", DataTypes.IntegerType, true)
          .add("n_samples", DataTypes.LongType, true)
          .add("avg_at_k", DataTypes.DoubleType, false)
          .add("ci_low", DataTypes.DoubleType, true)
          .add("ci_high", DataTypes.DoubleType, true)
          .add(
              "pass_at", DataTypes.createMapType(DataTypes.IntegerType, DataTypes.DoubleType), true)
          .add("maj_at_k", DataTypes.DoubleType, true)
          .add("no_answer_rate", DataTypes.DoubleType, true)
          .add("truncated_rate", DataTypes.DoubleType, true)
          .add("off_target_rate", DataTypes.DoubleType, true)
          .add("mean_completion_tokens", DataTypes.DoubleType, true)
          // answers' first equation against a worked reference (scores.first_step_*); null when
          // the benchmark has no worked answers
          .add("first_step_operands_rate", DataTypes.DoubleType, true)
          .add("first_step_operator_rate", DataTypes.DoubleType, true)
          .add("first_step_arithmetic_rate", DataTypes.DoubleType, true)
          .add("source", DataTypes.StringType, false)
          // the trainer's step of imported rollouts (verl); null for every other source
          .add("step", DataTypes.LongType, true);

  private MetricsTable() {}

  /** The columns of {@link #SCHEMA}, by name and in order, cast to their types. */
  public static Dataset<Row> conform(Dataset<Row> data) {
    java.util.Set<String> present = java.util.Set.of(data.columns());
    Column[] cols =
        Arrays.stream(SCHEMA.fields())
            .map(
                (StructField f) ->
                    (present.contains(f.name()) || !f.nullable()
                            ? col(f.name())
                            : org.apache.spark.sql.functions.lit(null))
                        .cast(f.dataType())
                        .as(f.name()))
            .toArray(Column[]::new);
    return data.select(cols);
  }
}
