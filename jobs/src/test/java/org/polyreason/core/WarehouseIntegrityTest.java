package org.polyreason.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polyreason.common.UserException;
import org.polyreason.core.TableLock.LockSettings;
import org.polyreason.testing.SparkTestBase;

/**
 * The warehouse's integrity guarantees on real Parquet and the real local Hadoop FileSystem:
 * damaged files are errors naming them, one writer per table (waiting, failing with the holder's
 * name, stale locks of dead runs removed), readers wait for a swap in progress, dead runs' staging
 * is removed.
 */
class WarehouseIntegrityTest extends SparkTestBase {
  @TempDir Path root;
  static final StructType SCHEMA =
      new StructType().add("k", DataTypes.StringType).add("p", DataTypes.StringType);
  static final LockSettings QUICK = new LockSettings(Duration.ofSeconds(1), Duration.ofMinutes(2));

  Dataset<Row> rows(String... keys) {
    return spark.createDataFrame(
        Stream.of(keys).map(k -> RowFactory.create(k, "x")).toList(), SCHEMA);
  }

  Warehouse warehouse(String runId, LockSettings locks) {
    return new Warehouse(spark, root.toString(), locks, runId, "test");
  }

  Path firstParquet(String table) throws IOException {
    try (Stream<Path> s = Files.walk(root.resolve(table))) {
      return s.filter(f -> f.toString().endsWith(".parquet")).sorted().findFirst().orElseThrow();
    }
  }

  FileSystem fs() throws IOException {
    return new org.apache.hadoop.fs.Path(root.toUri())
        .getFileSystem(spark.sparkContext().hadoopConfiguration());
  }

  @Test
  void aZeroByteParquetFileIsAnErrorNamingTheTableAndFileNeverSkipped() throws IOException {
    Warehouse wh = warehouse("r1", QUICK);
    wh.append(rows("a", "b"), "t", "p");
    wh.append(rows("c"), "t", "p");
    Path victim = firstParquet("t");
    Files.write(victim, new byte[0]);
    assertThatThrownBy(() -> wh.read("t"))
        .isInstanceOf(UserException.class)
        .hasMessageStartingWith("Table t is damaged: file ")
        .hasMessageContaining(victim.getFileName().toString())
        .hasMessageContaining("is empty (0 bytes)");
  }

  @Test
  void aTruncatedParquetFileIsAnErrorNamingTheFile() throws IOException {
    Warehouse wh = warehouse("r1", QUICK);
    wh.replace(rows("a", "b", "c"), "t", "r1");
    Path victim = firstParquet("t");
    byte[] all = Files.readAllBytes(victim);
    Files.write(victim, java.util.Arrays.copyOf(all, all.length / 2));
    assertThatThrownBy(() -> wh.read("t"))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("Table t is damaged: file ")
        .hasMessageContaining(victim.getFileName().toString())
        .hasMessageContaining("truncated");
    // the classification the CLI applies: exit 2
    assertThat(Failures.classify(catchThrowable(() -> wh.read("t"))).exitCode()).isEqualTo(2);
  }

  @Test
  void intactTablesPassTheCheckWithEveryFileCounted() throws IOException {
    Warehouse wh = warehouse("r1", QUICK);
    wh.append(rows("a", "b"), "t", "p");
    wh.append(rows("c"), "t", "p");
    long files;
    try (Stream<Path> s = Files.walk(root.resolve("t"))) {
      files = s.filter(f -> f.toString().endsWith(".parquet")).count();
    }
    assertThat(
            TableFiles.validate(
                fs(), new org.apache.hadoop.fs.Path(root.resolve("t").toUri()), "t"))
        .isEqualTo(files)
        .isGreaterThanOrEqualTo(2);
    assertThat(wh.read("t").count()).isEqualTo(3);
  }

  @Test
  void theLockFileNamesItsHolderAndIsReleasedOnClose() throws IOException {
    Warehouse wh = warehouse("run-a", QUICK);
    wh.hold("t");
    Map<String, String> holder =
        TableLock.holder(fs(), new org.apache.hadoop.fs.Path(root.toUri()), "t");
    assertThat(holder)
        .containsEntry("run-id", "run-a")
        .containsEntry("job", "test")
        .containsEntry("pid", Long.toString(ProcessHandle.current().pid()))
        .containsKeys("owner", "host", "started", "token");
    assertThat(Instant.parse(holder.get("started"))).isBeforeOrEqualTo(Instant.now());
    wh.close();
    assertThat(root.resolve("_locks/t.lock")).doesNotExist();
  }

  @Test
  void aSecondWriterWaitsItsBoundedTimeThenFailsNamingTheHolder() {
    Warehouse a = warehouse("run-a", QUICK);
    Warehouse b = warehouse("run-b", QUICK);
    a.hold("t");
    long start = System.nanoTime();
    Throwable t = catchThrowable(() -> b.append(rows("x"), "t"));
    long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertThat(t)
        .isInstanceOf(TableLock.LockedException.class)
        .hasMessageContaining("Table t is locked by run run-a (job test")
        .hasMessageContaining("pid " + ProcessHandle.current().pid())
        .hasMessageContaining("polyreason.lock.wait");
    assertThat(waitedMs).as("waited the configured second").isGreaterThanOrEqualTo(1000);
    Failures.Outcome outcome = Failures.classify(t);
    assertThat(outcome.exitCode()).isEqualTo(2);
    assertThat(outcome.status()).isEqualTo("locked");
    // another table is not blocked, and once a lets go b writes
    b.append(rows("y"), "other");
    a.close();
    b.append(rows("x"), "t");
    assertThat(b.read("t").count()).isEqualTo(1);
    b.close();
  }

  @Test
  void aWaitingWriterProceedsAsSoonAsTheHolderReleases() throws Exception {
    Warehouse a = warehouse("run-a", QUICK);
    Warehouse b =
        warehouse("run-b", new LockSettings(Duration.ofSeconds(30), Duration.ofMinutes(2)));
    a.replace(rows("old"), "t", "run-a");
    a.hold("t");
    CompletableFuture<Void> writer =
        CompletableFuture.runAsync(() -> b.replace(rows("new1", "new2"), "t", "run-b"));
    Thread.sleep(1500);
    assertThat(writer).as("still waiting while a holds the lock").isNotDone();
    a.close();
    writer.get(60, TimeUnit.SECONDS);
    assertThat(b.read("t").count()).isEqualTo(2);
  }

  @Test
  void theLockOfADeadProcessOnThisHostIsStaleAndRemoved() throws Exception {
    Process dead = new ProcessBuilder("true").start();
    dead.waitFor();
    writeLock("t", "run-dead", dead.pid(), Instant.now());
    Warehouse wh = warehouse("run-b", new LockSettings(Duration.ZERO, Duration.ofMinutes(2)));
    wh.append(rows("a"), "t");
    assertThat(wh.read("t").count()).isEqualTo(1);
    assertThat(root.resolve("_locks/t.lock")).doesNotExist();
  }

  @Test
  void aLockWithoutHeartbeatForStaleAfterIsRemovedAndALiveOneIsNot() throws Exception {
    Path lock = writeLock("t", "run-live", ProcessHandle.current().pid(), Instant.now());
    Warehouse wh = warehouse("run-b", new LockSettings(Duration.ZERO, Duration.ofSeconds(60)));
    assertThatThrownBy(() -> wh.append(rows("a"), "t"))
        .isInstanceOf(TableLock.LockedException.class)
        .hasMessageContaining("run run-live");
    Files.setLastModifiedTime(lock, FileTime.from(Instant.now().minusSeconds(120)));
    wh.append(rows("a"), "t");
    assertThat(wh.read("t").count()).isEqualTo(1);
  }

  @Test
  void theHolderRefreshesItsHeartbeat() throws Exception {
    Warehouse wh = warehouse("run-a", new LockSettings(Duration.ZERO, Duration.ofSeconds(2)));
    wh.hold("t");
    Path lock = root.resolve("_locks/t.lock");
    Files.setLastModifiedTime(lock, FileTime.from(Instant.now().minusSeconds(30)));
    Thread.sleep(1500); // heartbeat every stale-after / 4 = 500 ms
    assertThat(Files.getLastModifiedTime(lock).toInstant()).isAfter(Instant.now().minusSeconds(5));
    wh.close();
  }

  @Test
  void theNextWriterRemovesTheStagingCopyAndTrashOfADeadRun() throws IOException {
    Warehouse wh = warehouse("run-1", QUICK);
    wh.replace(rows("a"), "t", "run-1");
    // what a run killed while writing its staging copy leaves behind
    Path staging = root.resolve("_staging/t-run-killed");
    Files.createDirectories(staging);
    Files.copy(firstParquet("t"), staging.resolve("part-00000.parquet"));
    Path otherTable = root.resolve("_staging/u-run-x");
    Files.createDirectories(otherTable);
    wh.replace(rows("b", "c"), "t", "run-2");
    assertThat(staging).doesNotExist();
    assertThat(otherTable).as("another table's staging is that table's writer's business").exists();
    assertThat(wh.read("t").count()).isEqualTo(2);
  }

  @Test
  void aReaderWaitsForASwapInProgressAndSeesTheCompleteTable() throws Exception {
    Warehouse writer = warehouse("run-w", QUICK);
    writer.replace(rows("a", "b"), "t", "run-w");
    writer.hold("t");
    // between the two renames of a swap: the table is in _trash, its writer alive and holding the
    // lock
    Files.createDirectories(root.resolve("_trash"));
    Files.move(root.resolve("t"), root.resolve("_trash/t-run-w"));
    Warehouse reader =
        warehouse("run-r", new LockSettings(Duration.ofSeconds(30), Duration.ofMinutes(2)));
    CompletableFuture<Long> read = CompletableFuture.supplyAsync(() -> reader.read("t").count());
    Thread.sleep(1000);
    assertThat(read).as("the reader waits for the writer").isNotDone();
    Files.move(root.resolve("_trash/t-run-w"), root.resolve("t"));
    writer.close();
    assertThat(read.get(60, TimeUnit.SECONDS)).isEqualTo(2);
  }

  @Test
  void aReaderWhoseTableIsReplacedUnderItRunsOnceMore() {
    Warehouse wh = warehouse("run-1", QUICK);
    wh.replace(rows("a", "b"), "t", "run-1");
    int[] attempts = {0};
    long n =
        Failures.retryOnceIfReplaced(
            () -> {
              Dataset<Row> planned = wh.read("t");
              if (attempts[0]++ == 0) {
                wh.replace(
                    rows("c", "d", "e"), "t", "run-2"); // another writer swaps the table in between
              }
              return planned.count();
            });
    assertThat(attempts[0]).isEqualTo(2);
    assertThat(n).isEqualTo(3);
  }

  Path writeLock(String table, String runId, long pid, Instant started) throws IOException {
    Path lock = root.resolve("_locks/" + table + ".lock");
    Files.createDirectories(lock.getParent());
    Files.writeString(
        lock,
        "run-id="
            + runId
            + "\njob=score\nowner=someone\nhost="
            + java.net.InetAddress.getLocalHost().getHostName()
            + "\npid="
            + pid
            + "\nstarted="
            + started
            + "\ntoken=t0\n");
    return lock;
  }

  static Throwable catchThrowable(Runnable r) {
    try {
      r.run();
      return null;
    } catch (Throwable t) {
      return t;
    }
  }
}
