package org.polyreason.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Writes one single Parquet file per dataset ({@code train.parquet}, {@code val.parquet}): trainers
 * take a file path, not a Spark folder. Each file is written by Spark into a staging folder beside
 * its target and moved into place, replacing an older file, through the Hadoop FileSystem API.
 */
public final class TrainerFiles {
  private final SparkSession spark;
  private final Path root;
  private final FileSystem fs;
  private final Path staging;

  public TrainerFiles(SparkSession spark, String root, String runId) {
    this.spark = spark;
    try {
      Path p = new Path(root);
      this.fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      this.root = fs.makeQualified(p);
      this.staging = new Path(this.root, "_staging-" + runId);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open trainer-data folder " + root, e);
    }
  }

  public String root() {
    return root.toString();
  }

  /** Writes {@code data} (already in file order, one partition) to {@code <root>/<relative>}. */
  public String write(Dataset<Row> data, String relative) {
    Path tmp = new Path(staging, relative.replace('/', '_'));
    data.write().mode(SaveMode.Overwrite).option("compression", "snappy").parquet(tmp.toString());
    Path target = new Path(root, relative);
    try {
      FileStatus[] parts = fs.globStatus(new Path(tmp, "part-*.parquet"));
      if (parts == null || parts.length != 1) {
        throw new IllegalStateException(
            "Expected one Parquet file in "
                + tmp
                + ", found "
                + (parts == null ? 0 : parts.length));
      }
      fs.mkdirs(target.getParent());
      if (fs.exists(target)) {
        fs.delete(target, false);
      }
      if (!fs.rename(parts[0].getPath(), target)) {
        throw new IOException("rename " + parts[0].getPath() + " -> " + target + " failed");
      }
      fs.delete(tmp, true);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write trainer file " + target, e);
    }
    return target.toString();
  }

  /** Removes the staging folder once every file is in place. */
  public void finish() {
    try {
      fs.delete(staging, true);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot remove " + staging, e);
    }
  }

  SparkSession spark() {
    return spark;
  }
}
