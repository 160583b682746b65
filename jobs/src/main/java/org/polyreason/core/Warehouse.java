package org.polyreason.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The warehouse root: one Parquet dataset directory per table ({@code <root>/<table>/}), through
 * the Hadoop FileSystem API so that local paths and cluster URIs (hdfs://, s3a://) work alike.
 *
 * <p>{@link #replace} never leaves a half-written table: the complete output is written to {@code
 * _staging/}, then swapped in by renames; the previous version is kept under {@code _trash/} until
 * the swap succeeded, and {@link #recover} puts it back if a run died between the two renames.
 *
 * <p>Every write holds the table's {@link TableLock}: {@link #hold} takes it for the rest of the
 * run (a job that reads a table before writing it, e.g. to skip stored keys, holds it first), and
 * {@link #replace}/{@link #append} take it for the write alone otherwise. {@link #close} releases
 * what this instance holds. The first writer of a table also removes what dead runs left behind
 * ({@code _staging/<table>-*}, {@code <table>/_temporary}). {@link #read} checks every file of the
 * table before Spark plans over it, so a damaged file is an error naming it, never skipped.
 */
public final class Warehouse implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Warehouse.class);
  private final SparkSession spark;
  private final Path root;
  private final FileSystem fs;
  private final TableLock.LockSettings lockSettings;
  private final String runId;
  private final String job;
  private final Map<String, TableLock> held = new ConcurrentHashMap<>();

  public Warehouse(SparkSession spark, String root) {
    this(spark, root, TableLock.LockSettings.DEFAULT, "pid-" + ProcessHandle.current().pid(), "?");
  }

  /** A warehouse whose writes lock tables in the name of run {@code runId} of {@code job}. */
  public Warehouse(
      SparkSession spark, String root, TableLock.LockSettings locks, String runId, String job) {
    this.spark = spark;
    this.lockSettings = locks;
    this.runId = runId;
    this.job = job;
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

  /**
   * The table's rows. Its files are checked first (a 0-byte or truncated Parquet file is a {@link
   * UserException} "table X is damaged: file F"); a table being swapped in by another run is waited
   * for and read once it is complete.
   */
  public Dataset<Row> read(String table) {
    recover(table);
    try {
      return validatedRead(table);
    } catch (Exception e) {
      boolean vanished =
          e instanceof java.io.FileNotFoundException
              || e instanceof AnalysisException a && "PATH_NOT_FOUND".equals(a.getCondition());
      if (!vanished) {
        throw e instanceof IOException io
            ? new UncheckedIOException("Cannot list table " + table + " in " + root, io)
            : Failures.<RuntimeException>sneaky(e);
      }
      // replaced between our check and the listing: wait for that writer, then read the new version
      LOG.info("Table {} changed while being listed; reading it again", table);
      waitForWriter(table);
      try {
        return validatedRead(table);
      } catch (IOException again) {
        throw new UncheckedIOException("Cannot list table " + table + " in " + root, again);
      }
    }
  }

  private Dataset<Row> validatedRead(String table) throws IOException {
    if (TableFiles.validate(fs, new Path(root, table), table) == 0) {
      // a replace that kept no row leaves _SUCCESS and no data file when the table is partitioned:
      // nothing Spark could infer a schema from, but an empty table all the same
      for (Table known : Tables.ALL) {
        if (known.name().equals(table)) {
          return spark.createDataFrame(java.util.List.of(), known.schema());
        }
      }
    }
    return spark.read().parquet(path(table));
  }

  /** Takes the lock of {@code table} for the rest of this run (until {@link #close}). */
  public void hold(String table) {
    held.computeIfAbsent(table, this::lockAndClean);
  }

  /** Releases every lock this instance holds. */
  @Override
  public void close() {
    held.values().forEach(TableLock::close);
    held.clear();
  }

  private TableLock lockAndClean(String table) {
    TableLock lock = TableLock.acquire(fs, root, table, runId, job, lockSettings);
    try {
      restoreFromTrash(table);
      removeLeftovers(table);
    } catch (IOException | RuntimeException e) {
      lock.close();
      throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
    }
    return lock;
  }

  /**
   * Runs {@code write} holding the table's lock: the run's lock if held, else one for this write.
   */
  private void locked(String table, Runnable write) {
    if (held.containsKey(table)) {
      write.run();
      return;
    }
    try (TableLock lock = lockAndClean(table)) {
      write.run();
    }
  }

  /** Waits until no live writer holds the table (bounded by polyreason.lock.wait), then lets go. */
  private void waitForWriter(String table) {
    if (!held.containsKey(table)) {
      lockAndClean(table).close();
    }
  }

  /** Staging copies and uncommitted task output of runs that died; only called under the lock. */
  private void removeLeftovers(String table) throws IOException {
    Path staging = new Path(root, "_staging");
    if (fs.exists(staging)) {
      for (var st : fs.listStatus(staging)) {
        if (st.getPath().getName().startsWith(table + "-")) {
          LOG.warn(
              "Removing {}: the copy of table {} a run left when it stopped before swapping it in",
              st.getPath(),
              table);
          fs.delete(st.getPath(), true);
        }
      }
      deleteIfEmpty(staging);
    }
    Path leftovers = new Path(new Path(root, table), "_temporary");
    if (fs.exists(leftovers)) {
      LOG.warn("Removing {}: uncommitted output of an interrupted write to {}", leftovers, table);
      fs.delete(leftovers, true);
    }
    Path trash = new Path(root, "_trash");
    if (fs.exists(new Path(root, table)) && fs.exists(trash)) {
      for (var st : fs.listStatus(trash)) {
        if (st.getPath().getName().startsWith(table + "-")) {
          LOG.warn(
              "Removing {}: a replaced version of table {} whose run stopped before deleting it",
              st.getPath(),
              table);
          fs.delete(st.getPath(), true);
        }
      }
      deleteIfEmpty(trash);
    }
  }

  /** The table, or an empty dataset with {@code schema} when it does not exist yet. */
  public Dataset<Row> readOrEmpty(String table, StructType schema) {
    return exists(table) ? read(table) : spark.createDataFrame(java.util.List.of(), schema);
  }

  /** Writes {@code data} completely, then atomically (per rename) replaces the table. */
  public void replace(Dataset<Row> data, String table, String runId, String... partitionBy) {
    locked(table, () -> swapIn(data, table, runId, partitionBy));
  }

  private void swapIn(Dataset<Row> data, String table, String runId, String... partitionBy) {
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
   * Appends rows (used for the runs table and for incremental tables such as generations).
   * Leftovers of an interrupted append ({@code <table>/_temporary}, task outputs a killed driver
   * never committed) are removed first, under the lock (so never another live writer's): the file
   * committer would otherwise merge them into this append, duplicating rows that the rerun
   * generates again.
   */
  public void append(Dataset<Row> data, String table, String... partitionBy) {
    locked(
        table,
        () -> {
          var writer = data.write().mode(SaveMode.Append);
          if (partitionBy.length > 0) {
            writer = writer.partitionBy(partitionBy);
          }
          writer.parquet(path(table));
        });
  }

  // The same operations on a declared table: its partition columns and schema come from Tables.

  public boolean exists(Table table) {
    return exists(table.name());
  }

  public String path(Table table) {
    return path(table.name());
  }

  public void hold(Table table) {
    hold(table.name());
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

  /**
   * Restores a table that a crashed {@link #replace} moved to {@code _trash/} but never replaced. A
   * missing table with a trashed copy is either mid-swap (its writer is alive: wait for it) or was
   * left by a dead run (its lock is stale): taking the lock tells the two apart.
   */
  void recover(String table) {
    try {
      if (fs.exists(new Path(root, table)) || trashed(table) == null) {
        return;
      }
      waitForWriter(table);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Path trashed(String table) throws IOException {
    Path trashDir = new Path(root, "_trash");
    if (!fs.exists(trashDir)) {
      return null;
    }
    for (var status : fs.listStatus(trashDir)) {
      if (status.getPath().getName().startsWith(table + "-")) {
        return status.getPath();
      }
    }
    return null;
  }

  /** Under the lock: puts back the version a run moved aside and did not replace. */
  private void restoreFromTrash(String table) throws IOException {
    Path target = new Path(root, table);
    Path old = fs.exists(target) ? null : trashed(table);
    if (old != null) {
      LOG.warn("Restoring table {} from {} (an earlier run stopped mid-swap)", table, old);
      fs.rename(old, target);
    }
  }
}
