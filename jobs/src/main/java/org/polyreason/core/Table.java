package org.polyreason.core;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * One table of the pipeline, declared once in {@link Tables}: its name, schema, partition columns
 * (the last columns of the schema, as Spark reads partitioned Parquet back) and key. Jobs declare
 * the tables they read and write ({@link Job#reads()}, {@link Job#writes()}); the study's
 * fingerprints, its "outputs present" check, the Airflow DAG and the README jobs table follow from
 * those lists.
 *
 * <p>An artifact is an output outside the warehouse (the report): it lives under the directory
 * named by the configuration key {@code locationKey} and exists when {@code marker} exists there.
 *
 * @param locationKey null for warehouse tables
 * @param marker null for warehouse tables
 */
public record Table(
    String name,
    StructType schema,
    List<String> partitionColumns,
    List<String> key,
    String locationKey,
    String marker) {

  public Table {
    partitionColumns = List.copyOf(partitionColumns);
    key = List.copyOf(key);
    List<String> fields = List.of(schema.fieldNames());
    List<String> tail =
        fields.subList(Math.max(0, fields.size() - partitionColumns.size()), fields.size());
    if (!tail.equals(partitionColumns)) {
      throw new IllegalArgumentException(
          "Table "
              + name
              + ": partition columns "
              + partitionColumns
              + " must be the last columns of its schema "
              + fields);
    }
    if (!fields.containsAll(key)) {
      throw new IllegalArgumentException("Table " + name + ": key " + key + " is not in " + fields);
    }
  }

  /** A Parquet table under the warehouse root. */
  static Table warehouse(
      String name, StructType schema, List<String> key, String... partitionColumns) {
    return new Table(name, schema, List.of(partitionColumns), key, null, null);
  }

  /** Files outside the warehouse, under the directory the configuration key names. */
  static Table artifact(String name, String locationKey, String marker) {
    return new Table(name, new StructType(), List.of(), List.of(), locationKey, marker);
  }

  public boolean inWarehouse() {
    return locationKey == null;
  }

  public String[] partitionBy() {
    return partitionColumns.toArray(String[]::new);
  }

  /** Rows of {@code rows} whose key is not in {@code stored} (null-safe on every key column). */
  public Dataset<Row> notIn(Dataset<Row> rows, Dataset<Row> stored) {
    if (key.isEmpty()) {
      throw new IllegalStateException("Table " + name + " declares no key");
    }
    Column on =
        key.stream()
            .map(k -> rows.col(k).eqNullSafe(stored.col(k)))
            .reduce(Column::and)
            .orElseThrow();
    return rows.join(stored, on, "left_anti");
  }

  @Override
  public String toString() {
    return name;
  }
}
