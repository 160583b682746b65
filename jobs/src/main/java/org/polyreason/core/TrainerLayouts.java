package org.polyreason.core;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.named_struct;
import static org.apache.spark.sql.functions.struct;

import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The layouts trainers read (README, "Training with verl"), from rows that carry {@code
 * data_source}, {@code prompt} (array of {role, content}) and {@code answer}. Shared by
 * parallel-data (training sets) and reward (rejection-sampling exports).
 */
public final class TrainerLayouts {
  private TrainerLayouts() {}

  /** verl's RL layout: the columns and types its RLHFDataset and reward manager read. */
  public static Dataset<Row> verl(Dataset<Row> rows, Column extraInfo) {
    return nullable(
        rows.select(
            col("data_source"),
            col("prompt"),
            lit("math").as("ability"),
            struct(lit("rule").as("style"), col("answer").as("ground_truth")).as("reward_model"),
            extraInfo.as("extra_info")));
  }

  /** SkyRL's layout: {@code reward_spec} {method, ground_truth} and {@code env_class}. */
  public static Dataset<Row> skyrl(Dataset<Row> rows, Column extraInfo, String envClass) {
    return nullable(
        rows.select(
            col("data_source"),
            col("prompt"),
            lit(envClass).as("env_class"),
            struct(lit("rule").as("method"), col("answer").as("ground_truth")).as("reward_spec"),
            extraInfo.as("extra_info")));
  }

  /**
   * Chat SFT layout: {@code messages} = the prompt and an assistant turn with {@code assistant}.
   */
  public static Dataset<Row> sft(Dataset<Row> rows, Column assistant, Column extraInfo) {
    Column turn = named_struct(lit("role"), lit("assistant"), lit("content"), assistant);
    return nullable(
        rows.select(concat(col("prompt"), array(turn)).as("messages"), extraInfo.as("extra_info")));
  }

  /** A one-message chat prompt: [{role = user, content = text}]. */
  public static Column userPrompt(Column text) {
    return array(named_struct(lit("role"), lit("user"), lit("content"), text));
  }

  /**
   * Every field nullable (Parquet {@code optional}), as pandas/pyarrow write it: files of one set
   * then have one schema whatever the constant columns are, and concatenate in Hugging Face
   * datasets.
   */
  public static Dataset<Row> nullable(Dataset<Row> rows) {
    return rows.map(
        (MapFunction<Row, Row>) r -> r, Encoders.row((StructType) nullable(rows.schema())));
  }

  private static DataType nullable(DataType t) {
    if (t instanceof StructType st) {
      StructType out = new StructType();
      for (StructField f : st.fields()) {
        out = out.add(f.name(), nullable(f.dataType()), true);
      }
      return out;
    }
    if (t instanceof ArrayType at) {
      return DataTypes.createArrayType(nullable(at.elementType()), true);
    }
    return t;
  }
}
