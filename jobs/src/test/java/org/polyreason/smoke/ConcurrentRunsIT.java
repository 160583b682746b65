package org.polyreason.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.polyreason.testing.SharedData;
import org.polyreason.testing.SparkTestBase;

/**
 * Findings 5, 8 (exit-2 stderr) and 9 (staging of a killed run) of the integrity issue, replayed
 * with real launcher processes (submit-scripts/polyreason, local mode) on one warehouse: concurrent
 * writers of one table take turns, a writer that cannot get the lock exits 2 naming the holder, and
 * a score killed with SIGKILL leaves nothing the next score does not clean up.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConcurrentRunsIT extends SparkTestBase {
  @TempDir static Path tmp;

  record Result(int code, String out, String err) {}

  static Process start(Path log, String... args) throws IOException {
    List<String> cmd =
        new ArrayList<>(
            List.of("bash", SharedData.repo().resolve("submit-scripts/polyreason").toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .directory(SharedData.repo().toFile())
            .redirectOutput(log.resolveSibling(log.getFileName() + ".out").toFile())
            .redirectError(log.toFile());
    pb.environment()
        .put("POLYREASON_DRIVER_MEMORY", "1536m"); // two drivers at once on a shared machine
    return pb.start();
  }

  static Result finish(Process p, Path log) throws Exception {
    assertThat(p.waitFor(10, TimeUnit.MINUTES)).as("launcher finished in time").isTrue();
    return new Result(
        p.exitValue(),
        Files.readString(log.resolveSibling(log.getFileName() + ".out")),
        Files.readString(log));
  }

  static Result launch(String name, String... args) throws Exception {
    Path log = tmp.resolve(name + ".err");
    return finish(start(log, args), log);
  }

  static String[] job(String job, String... sets) {
    List<String> a =
        new ArrayList<>(
            List.of(
                job,
                "--set",
                "polyreason.warehouse=" + tmp.resolve("wh"),
                "--set",
                "polyreason.data-root=" + SharedData.root().resolve("data/benchmarks")));
    for (String s : sets) {
      a.add("--set");
      a.add(s);
    }
    return a.toArray(String[]::new);
  }

  static Dataset<Row> table(String name) {
    return spark.read().parquet(tmp.resolve("wh").resolve(name).toString());
  }

  static final String[] IMPORT = {
    "polyreason.import.format=mcot",
    "polyreason.import.model=mcot-7b",
    "polyreason.import.benchmark=mgsm",
    "polyreason.import.unmatched=error"
  };

  static String[] importSets() {
    Path mcot = SharedData.require("data/generations/mcot-mgsm-msvamp/data");
    return Stream.concat(
            Stream.of(IMPORT), Stream.of("polyreason.import.path=" + mcot + "/mcot_ft_mgsm_*.json"))
        .toArray(String[]::new);
  }

  @Test
  @Order(1)
  void twoImportsOfTheSameFilesAtOnceStoreEveryGenerationOnce() throws Exception {
    SharedData.require("data/benchmarks");
    Result ingest = launch("ingest", job("ingest", "polyreason.ingest.benchmarks=[mgsm]"));
    assertThat(ingest.code()).as(ingest.err()).isZero();
    Path logA = tmp.resolve("import-a.err");
    Path logB = tmp.resolve("import-b.err");
    Process a = start(logA, job("import", importSets()));
    Process b = start(logB, job("import", importSets()));
    Result ra = finish(a, logA);
    Result rb = finish(b, logB);
    assertThat(ra.code()).as(ra.err()).isZero();
    assertThat(rb.code()).as(rb.err()).isZero();
    assertThat(table("generations").count()).isEqualTo(2750);
    assertThat(table("generations").select("sample_key").distinct().count()).isEqualTo(2750);
    List<Row> runs =
        table("runs").filter("job = 'import'").selectExpr("counts['output_rows']").collectAsList();
    assertThat(runs).extracting(r -> r.getLong(0)).containsExactlyInAnyOrder(2750L, 0L);
    assertThat(ra.err() + rb.err()).doesNotContain("interrupted write");
  }

  @Test
  @Order(2)
  void scoreAndAggregateAtOnceBothSucceed() throws Exception {
    Result first = launch("score-1", job("score", "polyreason.score.detect-language=false"));
    assertThat(first.code()).as(first.err()).isZero();
    Path logS = tmp.resolve("score-2.err");
    Path logA = tmp.resolve("aggregate.err");
    Process s =
        start(
            logS,
            job(
                "score",
                "polyreason.score.detect-language=false",
                "polyreason.score.rescore=true"));
    Process a = start(logA, job("aggregate"));
    Result rs = finish(s, logS);
    Result ra = finish(a, logA);
    assertThat(rs.code()).as(rs.err()).isZero();
    assertThat(ra.code()).as(ra.err()).isZero();
    assertThat(table("scores").count()).isEqualTo(2750);
    assertThat(table("metrics").filter("model = 'mcot-7b'").count()).isPositive();
  }

  @Test
  @Order(3)
  void aWriterThatCannotGetTheLockExits2NamingTheHolder() throws Exception {
    Path lock = tmp.resolve("wh/_locks/generations.lock");
    Files.createDirectories(lock.getParent());
    Files.writeString(
        lock,
        "run-id=holder-run\njob=generate\nowner=someone\nhost="
            + java.net.InetAddress.getLocalHost().getHostName()
            + "\npid="
            + ProcessHandle.current().pid()
            + "\nstarted=2026-11-30T12:00:00Z\ntoken=t\n");
    try {
      Result r =
          launch(
              "locked",
              job(
                  "import",
                  Stream.concat(Stream.of(importSets()), Stream.of("polyreason.lock.wait=2s"))
                      .toArray(String[]::new)));
      assertThat(r.code()).isEqualTo(2);
      List<String> mine = r.err().lines().filter(l -> l.startsWith("polyreason import:")).toList();
      assertThat(mine).hasSize(1);
      assertThat(mine.get(0))
          .contains(
              "Table generations is locked by run holder-run (job generate",
              "pid " + ProcessHandle.current().pid(),
              "waited 2 s");
      assertThat(r.err().lines().toList()).last().isEqualTo(mine.get(0));
      assertThat(table("runs").filter("status = 'locked'").count()).isEqualTo(1);
    } finally {
      Files.deleteIfExists(lock);
    }
  }

  @Test
  @Order(4)
  void aBadValueExits2WithExactlyOneStderrLine() throws Exception {
    Result r = launch("bad", job("aggregate", "polyreason.lock.wait=soon"));
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().lines().toList())
        .as(r.err())
        .containsExactly(
            "polyreason aggregate: Bad value for polyreason.lock.wait: soon; allowed: a duration such as 30s, 10m or 1h");
  }

  @Test
  @Order(5)
  void aKilledScoreLeavesStagingAndALockThatTheNextScoreCleansUp() throws Exception {
    Path staging = tmp.resolve("wh/_staging");
    Path log = tmp.resolve("score-killed.err");
    Process p = start(log, job("score", "polyreason.score.rescore=true"));
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(8);
    while (!hasChild(staging, "scores-") && p.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(p.isAlive()).as("score still running when its staging copy appeared").isTrue();
    p.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
    p.waitFor();
    assertThat(hasChild(staging, "scores-")).isTrue();
    assertThat(tmp.resolve("wh/_locks/scores.lock")).exists();

    Result next =
        launch("score-after-kill", job("score", "polyreason.score.detect-language=false"));
    assertThat(next.code()).as(next.err()).isZero();
    assertThat(next.err()).contains("Removing the stale lock of table scores", "Removing ");
    assertThat(hasChild(staging, "scores-")).isFalse();
    assertThat(tmp.resolve("wh/_locks/scores.lock")).doesNotExist();
    assertThat(table("scores").count()).isEqualTo(2750);
  }

  static boolean hasChild(Path dir, String prefix) throws IOException {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.anyMatch(c -> c.getFileName().toString().startsWith(prefix));
    }
  }
}
