package org.polyreason.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.polyreason.testing.CliRun;
import org.polyreason.testing.SharedData;
import org.polyreason.testing.SparkTestBase;

/**
 * Fault tolerance of {@code generate} on a real two-worker Spark standalone cluster on 127.0.0.1
 * (one cluster for both tests, in its own cluster dir, stopped in {@link #stopCluster} also on
 * failure):
 *
 * <ul>
 *   <li>a Worker and its executor JVM are killed with SIGKILL while {@code generate} runs: Spark
 *       reschedules the lost tasks on the other worker, the job succeeds and stores exactly one row
 *       per sample key;
 *   <li>the driver is killed with SIGKILL after some waves ({@code checkpoint-rows}) were
 *       committed: the rerun generates only the missing keys, and the final table equals an
 *       uninterrupted run.
 * </ul>
 *
 * The driver test runs first, on both workers; the worker test leaves one worker alive. Both runs
 * use the same settings as one uninterrupted reference run (in-process, local mode: texts do not
 * depend on sharding), so both final tables are compared with it text by text.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultToleranceIT {
  @TempDir static Path tmp;
  static Path repo;
  static Path clusterDir;
  static Path model;
  static Path data;
  static Path base; // a warehouse with the problems table, copied into every test's warehouse
  static boolean clusterStarted;
  static Map<String, String> reference;
  static final List<String> timings = new ArrayList<>();

  // 8 problems per language x 2 languages x 4 samples = 64 samples of up to 32 tokens.
  static final int LIMIT = 8;
  static final int SAMPLES = 4;
  static final long REQUESTED = 2L * LIMIT * SAMPLES;

  /** Bound of every wait for a run (seconds): generous for a loaded 2-core machine. */
  static final long WAIT_S = 600;

  static final Pattern STORED =
      Pattern.compile(
          "generate tiny \\(revision [^)]*\\): (\\d+) samples requested, (\\d+) already stored, (\\d+) to generate");
  static final Pattern PROGRESS = Pattern.compile("generate tiny: (\\d+)/(\\d+) samples");

  @BeforeAll
  static void startCluster() throws Exception {
    data = SharedData.require("data/benchmarks/mgsm").getParent();
    model = SharedData.require("models/tiny-random-llama-onnx-fp16");
    repo = SharedData.repo();
    clusterDir = tmp.resolve("cluster");
    long t0 = System.nanoTime();
    Path log = tmp.resolve("cluster-start.log");
    Process start = cluster("start", log);
    boolean finished = start.waitFor(4, TimeUnit.MINUTES);
    if (!finished) {
      start.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    clusterStarted = true; // whatever happened: stopCluster stops what was recorded
    String out = Files.readString(log);
    assertThat(finished && start.exitValue() == 0)
        .as("standalone-cluster.sh start succeeded:\n%s", out)
        .isTrue();
    timings.add(String.format("cluster start %d s", secondsSince(t0)));

    // The problems table, once, in-process (local mode): ingest is not what is tested here.
    long t1 = System.nanoTime();
    base = tmp.resolve("base");
    CliRun ingest =
        CliRun.of(
            "ingest",
            "--set",
            "polyreason.warehouse=" + base,
            "--set",
            "polyreason.data-root=" + data,
            "--set",
            "polyreason.ingest.benchmarks=[mgsm]",
            "--set",
            "polyreason.ingest.languages=[en, de]");
    assertThat(ingest.exitCode()).as(ingest.err()).isZero();
    timings.add(String.format("ingest (local, in-process) %d s", secondsSince(t1)));
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (clusterStarted) {
      Path log = tmp.resolve("cluster-stop.log");
      Process stop = cluster("stop", log);
      boolean finished = stop.waitFor(2, TimeUnit.MINUTES);
      System.out.println("FaultToleranceIT: " + Files.readString(log).strip());
      // Executors of a killed application or a stopped Worker exit on their own; wait for them a
      // little.
      waitUntil(60, () -> clusterProcesses().isEmpty());
      List<String> left = clusterProcesses();
      if (!left.isEmpty()) {
        // Never leave them running on a shared machine: they are this test's (their command line
        // names its dir).
        ProcessHandle.allProcesses()
            .filter(h -> cmdline(h.pid()).contains(clusterDir.toString()))
            .forEach(ProcessHandle::destroyForcibly);
      }
      System.out.println("FaultToleranceIT timings: " + String.join("; ", timings));
      assertThat(finished && stop.exitValue() == 0)
          .as("standalone-cluster.sh stop succeeded")
          .isTrue();
      assertThat(left).as("processes of the test cluster still running after stop").isEmpty();
    }
  }

  @Test
  @Order(2) // last: the cluster has one worker left afterwards
  void killedWorkerAndExecutorAreRescheduledOnTheOtherWorker() throws Exception {
    Path wh = warehouseWithProblems("worker-kill");
    Path log = tmp.resolve("generate-worker-kill.log");
    long t0 = System.nanoTime();
    Process driver = generate(wh, log, "polyreason.generate.partitions=8");
    try {
      long worker = recordedPid("worker-1");
      // Wait until worker-1's executor runs and some tasks finished (the model is loaded, work is
      // under way).
      boolean running =
          waitUntil(
              WAIT_S,
              () -> !driver.isAlive() || (executorOf(worker).isPresent() && lastProgress(log) > 0));
      assertThat(driver.isAlive())
          .as("generate still running when the worker is to be killed:\n%s", tail(log))
          .isTrue();
      assertThat(running)
          .as("worker-1's executor started and generate made progress:\n%s", tail(log))
          .isTrue();
      ProcessHandle executor = executorOf(worker).orElseThrow();
      long doneAtKill = lastProgress(log);
      long tKill = System.nanoTime();
      ProcessHandle.of(worker).ifPresent(ProcessHandle::destroyForcibly);
      executor.destroyForcibly();
      System.out.printf(
          "FaultToleranceIT: killed worker-1 (pid %d) and its executor (pid %d) after %d s, at %d/%d samples%n",
          worker, executor.pid(), secondsSince(t0), doneAtKill, REQUESTED);
      assertThat(doneAtKill)
          .as("the kill came before generate was done:\n%s", tail(log))
          .isLessThan(REQUESTED);

      boolean finished = driver.waitFor(WAIT_S, TimeUnit.SECONDS);
      assertThat(finished)
          .as("generate finished within %d s after the kill:\n%s", WAIT_S, tail(log))
          .isTrue();
      timings.add(
          String.format(
              "worker kill: generate %d s (kill at %d s, %d/%d done; %d s after the kill)",
              secondsSince(t0),
              (tKill - t0) / 1_000_000_000L,
              doneAtKill,
              REQUESTED,
              secondsSince(tKill)));
      assertThat(driver.exitValue()).as("generate exit code:\n%s", tail(log)).isZero();
    } finally {
      driver.destroyForcibly();
    }
    String out = Files.readString(log);
    assertThat(out)
        .as("the driver noticed the lost executor:\n%s", tail(log))
        .contains("Lost executor");
    Matcher m = STORED.matcher(out);
    assertThat(m.find()).as(out).isTrue();
    assertThat(Long.parseLong(m.group(1))).isEqualTo(REQUESTED);
    assertOneRowPerKeyAndEqualToReference(wh);
  }

  @Test
  @Order(1)
  void killedDriverResumesWithOnlyTheMissingKeys() throws Exception {
    Path wh = warehouseWithProblems("driver-kill");
    Path log = tmp.resolve("generate-driver-kill.log");
    String[] sets = {"polyreason.generate.checkpoint-rows=16", "polyreason.generate.partitions=4"};
    long t0 = System.nanoTime();
    Process driver = generate(wh, log, sets);
    long committedAtKill;
    List<String> pendingAtKill;
    try {
      // First wait until a wave is committed: _SUCCESS is written after the job commit moved the
      // files out
      // of _temporary and deleted it.
      boolean waveCommitted =
          waitUntil(
              WAIT_S,
              () ->
                  !driver.isAlive() || Files.exists(wh.resolve("generations").resolve("_SUCCESS")));
      assertThat(waveCommitted && driver.isAlive())
          .as("a wave was committed while generate still ran:\n%s", tail(log))
          .isTrue();
      // Then kill in the middle of a later wave, as soon as one of its tasks has committed: with
      // FileOutputCommitter v1 its output waits in generations/_temporary/0/task_* for the job
      // commit,
      // with v2 its files are already in the table. Either way the wave itself is not committed,
      // and a
      // rerun must neither lose the committed waves nor store those task outputs twice.
      long firstWaveFiles = committedFiles(wh);
      boolean midWave =
          waitUntil(
              120,
              100,
              () ->
                  !driver.isAlive()
                      || !pendingTaskOutputs(wh).isEmpty()
                      || committedFiles(wh) > firstWaveFiles);
      assertThat(midWave && driver.isAlive())
          .as("a task of a later wave committed while generate still ran:\n%s", tail(log))
          .isTrue();
      pendingAtKill = pendingTaskOutputs(wh);
      long committedFiles = committedFiles(wh);
      assertThat(ProcessHandle.of(driver.pid()).flatMap(h -> h.info().command()).orElse(""))
          .as("the launcher exec'ed java (the driver)")
          .endsWith("java");
      driver.destroyForcibly();
      driver.waitFor(30, TimeUnit.SECONDS);
      committedAtKill = committedFiles;
      System.out.printf(
          "FaultToleranceIT: killed the driver (pid %d) after %d s, %d committed Parquet file(s), "
              + "committed task outputs in _temporary: %s, last progress %d/%d%n",
          driver.pid(),
          secondsSince(t0),
          committedFiles,
          pendingAtKill,
          lastProgress(log),
          REQUESTED);
      timings.add(String.format("driver kill: killed after %d s", secondsSince(t0)));
    } finally {
      driver.destroyForcibly();
    }
    assertThat(committedAtKill).isPositive();

    // The executors of the killed application exit once they lose the driver; the Master frees
    // their cores.
    long t1 = System.nanoTime();
    Path rerunLog = tmp.resolve("generate-driver-kill-rerun.log");
    Process rerun = generate(wh, rerunLog, sets);
    try {
      boolean finished = rerun.waitFor(WAIT_S, TimeUnit.SECONDS);
      assertThat(finished)
          .as("the rerun finished within %d s:\n%s", WAIT_S, tail(rerunLog))
          .isTrue();
      assertThat(rerun.exitValue()).as("rerun exit code:\n%s", tail(rerunLog)).isZero();
    } finally {
      rerun.destroyForcibly();
    }
    timings.add(String.format("driver kill: rerun %d s", secondsSince(t1)));
    Matcher m = STORED.matcher(Files.readString(rerunLog));
    assertThat(m.find()).as("the rerun logs what is already stored:\n%s", tail(rerunLog)).isTrue();
    long requested = Long.parseLong(m.group(1));
    long stored = Long.parseLong(m.group(2));
    long todo = Long.parseLong(m.group(3));
    System.out.printf(
        "FaultToleranceIT: rerun after the driver kill: %d requested, %d already stored, %d to generate%n",
        requested, stored, todo);
    timings.add(
        String.format(
            "driver kill: rerun found %d/%d stored, generated %d", stored, requested, todo));
    assertThat(requested).isEqualTo(REQUESTED);
    assertThat(stored).as("samples of the committed waves are kept").isPositive();
    assertThat(todo)
        .as("only the missing samples are generated")
        .isLessThan(requested)
        .isEqualTo(requested - stored);
    assertOneRowPerKeyAndEqualToReference(wh);
  }

  // ---- checks

  static void assertOneRowPerKeyAndEqualToReference(Path wh) {
    Dataset<Row> g = SparkTestBase.session().read().parquet(wh.resolve("generations").toString());
    long rows = g.count();
    long keys = g.select("sample_key").distinct().count();
    List<String> duplicates =
        g.groupBy("sample_key").count().filter("count > 1").limit(5).collectAsList().stream()
            .map(r -> r.getString(0) + " x" + r.getLong(1))
            .toList();
    assertThat(duplicates)
        .as("sample keys stored more than once (%d rows, %d keys)", rows, keys)
        .isEmpty();
    assertThat(rows).as("rows in generations").isEqualTo(REQUESTED);
    assertThat(keys).as("distinct sample keys in generations").isEqualTo(REQUESTED);
    assertThat(g.filter("finish_reason = 'error'").count()).as("failed samples").isZero();
    Map<String, String> texts =
        g.select("sample_key", "text").collectAsList().stream()
            .collect(Collectors.toMap(r -> r.getString(0), r -> r.getString(1)));
    assertThat(texts).as("texts per sample key vs an uninterrupted run").isEqualTo(reference());
  }

  /** The same generate settings, uninterrupted, in-process in local mode (computed once). */
  static synchronized Map<String, String> reference() {
    if (reference == null) {
      long t0 = System.nanoTime();
      Path wh = warehouseWithProblems("reference");
      List<String> args =
          new ArrayList<>(List.of("generate", "--set", "polyreason.warehouse=" + wh));
      for (String s : generateSettings()) {
        args.add("--set");
        args.add(s);
      }
      CliRun run = CliRun.of(args.toArray(String[]::new));
      assertThat(run.exitCode()).as(run.err()).isZero();
      reference =
          SparkTestBase.session()
              .read()
              .parquet(wh.resolve("generations").toString())
              .select("sample_key", "text")
              .collectAsList()
              .stream()
              .collect(Collectors.toMap(r -> r.getString(0), r -> r.getString(1)));
      assertThat(reference).hasSize((int) REQUESTED);
      timings.add(String.format("reference run (local, in-process) %d s", secondsSince(t0)));
    }
    return reference;
  }

  // ---- processes

  static List<String> generateSettings() {
    return List.of(
        "polyreason.models.tiny.path=" + model,
        "polyreason.models.tiny.template=chatml",
        "polyreason.generate.models=[tiny]",
        "polyreason.generate.benchmarks=[mgsm]",
        "polyreason.generate.languages=[en, de]",
        "polyreason.generate.limit-per-language=" + LIMIT,
        "polyreason.generate.samples=" + SAMPLES,
        "polyreason.generate.temperature=0.8",
        "polyreason.generate.max-new-tokens=32",
        "polyreason.generate.batch-size=4",
        "polyreason.generate.progress-seconds=2");
  }

  /**
   * Starts {@code polyreason generate --env standalone}; the launcher execs java, so the pid is the
   * driver's.
   */
  static Process generate(Path wh, Path log, String... extra) throws IOException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "bash",
                repo.resolve("submit-scripts/polyreason").toString(),
                "generate",
                "--env",
                "standalone",
                "--set",
                "polyreason.warehouse=" + wh));
    for (String s : Stream.concat(generateSettings().stream(), Stream.of(extra)).toList()) {
      cmd.add("--set");
      cmd.add(s);
    }
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .directory(repo.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().put("POLYREASON_DRIVER_MEMORY", "1g");
    return pb.start();
  }

  static Process cluster(String action, Path log) throws IOException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "bash", repo.resolve("submit-scripts/standalone-cluster.sh").toString(), action));
    if (action.equals("start")) {
      cmd.addAll(List.of("--workers", "2"));
    }
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .directory(repo.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().put("POLYREASON_CLUSTER_DIR", clusterDir.toString());
    pb.environment().put("POLYREASON_CLUSTER_WAIT_S", "180");
    return pb.start();
  }

  static long recordedPid(String role) throws IOException {
    return Files.readAllLines(clusterDir.resolve("pids")).stream()
        .map(l -> l.split(" "))
        .filter(f -> f.length == 2 && f[1].equals(role))
        .mapToLong(f -> Long.parseLong(f[0]))
        .findFirst()
        .orElseThrow(() -> new AssertionError(role + " is not in " + clusterDir.resolve("pids")));
  }

  /**
   * The executor JVM a Worker started: its child java process running CoarseGrainedExecutorBackend.
   */
  static Optional<ProcessHandle> executorOf(long workerPid) {
    return ProcessHandle.of(workerPid).stream()
        .flatMap(ProcessHandle::children)
        .filter(h -> cmdline(h.pid()).contains("CoarseGrainedExecutorBackend"))
        .findFirst();
  }

  static String cmdline(long pid) {
    try {
      return new String(
              Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
              StandardCharsets.UTF_8)
          .replace('\0', ' ');
    } catch (IOException e) {
      return "";
    }
  }

  /**
   * Live processes whose command line names the test's cluster dir (Master, Workers, executors).
   */
  static List<String> clusterProcesses() {
    String dir = clusterDir.toString();
    return ProcessHandle.allProcesses()
        .filter(h -> cmdline(h.pid()).contains(dir))
        .map(h -> h.pid() + " " + cmdline(h.pid()))
        .toList();
  }

  // ---- helpers

  static Path warehouseWithProblems(String name) {
    Path wh = tmp.resolve("wh-" + name);
    Path source = base.resolve("problems");
    try (Stream<Path> files = Files.walk(source)) {
      for (Path p : files.toList()) {
        Path target = wh.resolve("problems").resolve(source.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return wh;
  }

  /** Parquet files of generations outside _temporary: those of committed waves. */
  static long committedFiles(Path wh) {
    Path g = wh.resolve("generations");
    if (!Files.isDirectory(g)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(g)) {
      return files
          .filter(p -> p.getFileName().toString().endsWith(".parquet"))
          .filter(p -> !g.relativize(p).toString().contains("_temporary"))
          .count();
    } catch (IOException | java.io.UncheckedIOException e) {
      return 0; // a file moved while walking: ask again
    }
  }

  /**
   * Committed task outputs of a wave whose job is not committed yet:
   * generations/_temporary/N/task_*.
   */
  static List<String> pendingTaskOutputs(Path wh) {
    Path t = wh.resolve("generations").resolve("_temporary");
    try (Stream<Path> attempts = Files.list(t)) {
      List<String> out = new ArrayList<>();
      for (Path a : attempts.toList()) {
        try (Stream<Path> tasks = Files.list(a)) {
          tasks
              .map(p -> p.getFileName().toString())
              .filter(n -> n.startsWith("task_"))
              .forEach(n -> out.add(a.getFileName() + "/" + n));
        }
      }
      return out;
    } catch (IOException | java.io.UncheckedIOException e) {
      return List.of(); // absent between waves, or moved while listing
    }
  }

  /** The last "generate tiny: done/total" progress count in a driver log, 0 before the first. */
  static long lastProgress(Path log) {
    try {
      Matcher m = PROGRESS.matcher(Files.readString(log));
      long done = 0;
      while (m.find()) {
        done = Long.parseLong(m.group(1));
      }
      return done;
    } catch (IOException e) {
      return 0;
    }
  }

  static boolean waitUntil(long seconds, BooleanSupplier condition) throws InterruptedException {
    return waitUntil(seconds, 500, condition);
  }

  static boolean waitUntil(long seconds, long pollMillis, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(pollMillis);
    }
    return condition.getAsBoolean();
  }

  /**
   * The driver log's last 60 lines and the last 15 of every cluster log, for assertion messages.
   */
  static String tail(Path log) {
    StringBuilder sb = new StringBuilder("--- " + log + "\n").append(lastLines(log, 60));
    try (Stream<Path> logs = Files.list(clusterDir.resolve("logs"))) {
      for (Path l : logs.sorted().toList()) {
        sb.append("--- ").append(l).append('\n').append(lastLines(l, 15));
      }
    } catch (IOException e) {
      sb.append("(no cluster logs: ").append(e).append(")\n");
    }
    return sb.toString();
  }

  static String lastLines(Path file, int n) {
    try {
      List<String> lines = Files.readAllLines(file);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size())) + "\n";
    } catch (IOException e) {
      return "(unreadable: " + e + ")\n";
    }
  }

  static long secondsSince(long t0) {
    return (System.nanoTime() - t0) / 1_000_000_000L;
  }
}
