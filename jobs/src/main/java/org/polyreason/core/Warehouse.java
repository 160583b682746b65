package org.polyreason.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The warehouse root: one Parquet dataset directory per table ({@code <root>/<table>/}), through the
 * Hadoop FileSystem API so that local paths and cluster URIs (hdfs://, s3a://) work alike.
 *
 * <p>{@link #replace} never leaves a half-written table: the complete output is written to
 * {@code _staging/}, then swapped in by renames; the previous version is kept under {@code _trash/}
 * until the swap succeeded, and {@link #recover} puts it back if a run died between the two renames.
 */
public final class Warehouse {
  private static final Logger LOG = LoggerFactory.getLogger(Warehouse.class);
  private final SparkSession spark;
  private final Path root;
  private final FileSystem fs;

  public Warehouse(SparkSession spark, String root) {
    this.spark = spark;
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    try {
      Path p = new Path(root);
      this.fs = p.getFileSystem(conf);
      this.root = fs.makeQualified(p);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open warehouse " + root, e);
    }
  }

  public String root() {
    return root.toString();
  }

  public String path(String table) {
    return new Path(root, table).toString();
  }

  /** True when the table exists and holds a committed Spark write. */
  public boolean exists(String table) {
    recover(table);
    try {
      return fs.exists(new Path(new Path(root, table), "_SUCCESS"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Dataset<Row> read(String table) {
    return spark.read().parquet(path(table));
  }

  /** The table, or an empty dataset with {@code schema} when it does not exist yet. */
  public Dataset<Row> readOrEmpty(String table, StructType schema) {
    return exists(table) ? read(table) : spark.createDataFrame(java.util.List.of(), schema);
  }

  /** Writes {@code data} completely, then atomically (per rename) replaces the table. */
  public void replace(Dataset<Row> data, String table, String runId, String... partitionBy) {
    Path staging = new Path(new Path(root, "_staging"), table + "-" + runId);
    Path trash = new Path(new Path(root, "_trash"), table + "-" + runId);
    Path target = new Path(root, table);
    var writer = data.write().mode(SaveMode.Overwrite);
    if (partitionBy.length > 0) {
      writer = writer.partitionBy(partitionBy);
    }
    writer.parquet(staging.toString());
    try {
      fs.mkdirs(trash.getParent());
      boolean hadOld = fs.exists(target);
      if (hadOld && !fs.rename(target, trash)) {
        throw new IOException("rename " + target + " -> " + trash + " failed");
      }
      if (!fs.rename(staging, target)) {
        if (hadOld) {
          fs.rename(trash, target);
        }
        throw new IOException("rename " + staging + " -> " + target + " failed");
      }
      if (hadOld) {
        fs.delete(trash, true);
      }
      deleteIfEmpty(staging.getParent());
      deleteIfEmpty(trash.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot replace table " + table + " in " + root, e);
    }
    LOG.info("Wrote table {} at {}", table, target);
  }

  /**
   * Appends rows (used for the runs table and for incremental tables such as generations). Leftovers
   * of an interrupted append ({@code <table>/_temporary}, task outputs a killed driver never committed)
   * are removed first: the file committer would otherwise merge them into this append, duplicating
   * rows that the rerun generates again.
   */
  public void append(Dataset<Row> data, String table, String... partitionBy) {
    try {
      Path leftovers = new Path(new Path(root, table), "_temporary");
      if (fs.exists(leftovers)) {
        LOG.warn("Removing {}: uncommitted output of an interrupted write to {}", leftovers, table);
        fs.delete(leftovers, true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot clean " + table + "/_temporary in " + root, e);
    }
    var writer = data.write().mode(SaveMode.Append);
    if (partitionBy.length > 0) {
      writer = writer.partitionBy(partitionBy);
    }
    writer.parquet(path(table));
  }

  // The same operations on a declared table: its partition columns and schema come from Tables.

  public boolean exists(Table table) {
    return exists(table.name());
  }

  public String path(Table table) {
    return path(table.name());
  }

  public Dataset<Row> read(Table table) {
    return read(table.name());
  }

  public Dataset<Row> readOrEmpty(Table table) {
    return readOrEmpty(table.name(), table.schema());
  }

  public void replace(Dataset<Row> data, Table table, String runId) {
    replace(data, table.name(), runId, table.partitionBy());
  }

  public void append(Dataset<Row> data, Table table) {
    append(data, table.name(), table.partitionBy());
  }

  private void deleteIfEmpty(Path dir) throws IOException {
    if (fs.exists(dir) && fs.listStatus(dir).length == 0) {
      fs.delete(dir, false);
    }
  }

  /** Restores a table that a crashed {@link #replace} moved to {@code _trash/} but never replaced. */
  void recover(String table) {
    try {
      Path target = new Path(root, table);
      Path trashDir = new Path(root, "_trash");
      if (fs.exists(target) || !fs.exists(trashDir)) {
        return;
      }
      for (var status : fs.listStatus(trashDir)) {
        if (status.getPath().getName().startsWith(table + "-")) {
          LOG.warn("Restoring table {} from {} (an earlier run stopped mid-swap)", table, status.getPath());
          fs.rename(status.getPath(), target);
          return;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
