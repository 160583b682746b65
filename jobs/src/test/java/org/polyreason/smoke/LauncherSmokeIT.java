package org.polyreason.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polyreason.testing.SharedData;

/**
 * Runs the packaged jar the way a user does: through submit-scripts/polyreason in local mode, in a
 * separate process, then reads the Parquet output back with parquet-java (no Spark).
 */
class LauncherSmokeIT {
  @TempDir Path tmp;

  record Result(int code, String out, String err) {}

  static Result launch(String... args) throws IOException, InterruptedException {
    return launch(Map.of(), args);
  }

  /** Runs the launcher with {@code env} added to this JVM's environment. */
  static Result launch(Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile("launcher", ".out");
    Path err = Files.createTempFile("launcher", ".err");
    Process p = start(env, out, err, args);
    assertThat(p.waitFor(10, TimeUnit.MINUTES)).as("launcher finished in time").isTrue();
    return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  /** Starts the launcher, its standard output and error going to {@code out} and {@code err}. */
  static Process start(Map<String, String> env, Path out, Path err, String... args)
      throws IOException {
    List<String> cmd =
        new ArrayList<>(
            List.of("bash", SharedData.repo().resolve("submit-scripts/polyreason").toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .directory(SharedData.repo().toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    pb.environment().putAll(env);
    return pb.start();
  }

  /**
   * Counts rows per value of {@code column} in every Parquet file under {@code dir}, without Spark.
   */
  static Map<String, Long> countByPartition(Path dir) throws IOException {
    Map<String, Long> counts = new HashMap<>();
    List<Path> files;
    try (Stream<Path> s = Files.walk(dir)) {
      files = s.filter(p -> p.toString().endsWith(".parquet")).toList();
    }
    for (Path f : files) {
      String partition = f.getParent().getFileName().toString();
      try (ParquetReader<Group> reader =
          ParquetReader.builder(new GroupReadSupport(), new org.apache.hadoop.fs.Path(f.toUri()))
              .withConf(new Configuration())
              .build()) {
        for (Group g = reader.read(); g != null; g = reader.read()) {
          assertThat(g.getString("question", 0)).isNotBlank();
          assertThat(g.getString("answer_kind", 0))
              .isIn("integer", "decimal", "fraction", "latex", "choice");
          counts.merge(partition, 1L, Long::sum);
        }
      }
    }
    return counts;
  }

  @Test
  void ingestThroughTheLauncherWritesProblemsReadableWithoutSpark() throws Exception {
    SharedData.require("data/benchmarks");
    Path wh = tmp.resolve("wh");
    Result r =
        launch(
            "ingest",
            "--set",
            "polyreason.warehouse=" + wh,
            "--set",
            "polyreason.data-root=" + SharedData.root().resolve("data/benchmarks"));
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(countByPartition(wh.resolve("problems")))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "benchmark=mgsm",
                2750L,
                "benchmark=msvamp",
                10000L,
                "benchmark=mmath",
                3740L,
                "benchmark=polymath",
                9000L,
                "benchmark=xreasoning",
                660L));
    assertThat(wh.resolve("runs")).isDirectory();
  }

  @Test
  void badKeyExits2WithOneLine() throws Exception {
    Result r =
        launch(
            "ingest",
            "--set",
            "polyreason.warehouse=" + tmp,
            "--set",
            "polyreason.ingest.benchmark=mgsm");
    assertThat(r.code()).isEqualTo(2);
    // (the launcher may first say that it resolves the Spark classpath: that is progress, not the
    // error)
    List<String> lines = r.err().lines().filter(l -> l.startsWith("polyreason ingest:")).toList();
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0)).contains("Unknown configuration key polyreason.ingest.benchmark");
    assertThat(tmp.resolve("problems")).doesNotExist();
  }

  @Test
  void badValueExits2WithOneLine() throws Exception {
    Result r =
        launch(
            "ingest",
            "--set",
            "polyreason.warehouse=" + tmp,
            "--set",
            "polyreason.ingest.alignment=loose");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .contains("Bad value for polyreason.ingest.alignment: loose; allowed: one of error, warn");
  }

  @Test
  void helpListsJobsAndJobKeys() throws Exception {
    Result jobs = launch("--help");
    assertThat(jobs.code()).isZero();
    assertThat(jobs.out()).contains("ingest", "usage: polyreason <job>");
    Result keys = launch("ingest", "--help");
    assertThat(keys.code()).isZero();
    assertThat(keys.out()).contains("polyreason.ingest.benchmarks = [", "polyreason.warehouse");
  }

  @Test
  void dryRunPrintsTheCommandWithoutRunningIt() throws Exception {
    Result r = launch("ingest", "--dry-run", "--set", "polyreason.warehouse=" + tmp);
    assertThat(r.code()).isZero();
    assertThat(r.out())
        .contains(
            "org.apache.spark.deploy.SparkSubmit",
            "--class",
            "org.polyreason.cli.Main",
            "ingest",
            "--env",
            "local",
            "polyreason.warehouse=" + tmp);
    assertThat(tmp.resolve("problems")).doesNotExist();
  }

  @Test
  void optionsBeforeTheJobStillReachIt() throws Exception {
    // the job is the first argument that is no option and no option's value, as for the CLI
    String out =
        launch(
                "--set",
                "polyreason.warehouse=" + tmp,
                "--config-file",
                "conf/local.conf",
                "--dry-run",
                "ingest",
                "--env",
                "standalone")
            .out();
    String app = out.substring(out.indexOf("org.polyreason.cli.Main"));
    assertThat(app)
        .contains(
            " ingest --env standalone --set polyreason.warehouse="
                + tmp
                + " --config-file conf/local.conf");
    Result noJob = launch("--set", "polyreason.warehouse=" + tmp);
    assertThat(noJob.code()).as("no job: the usage, without starting Spark").isEqualTo(2);
    assertThat(noJob.out()).contains("usage: polyreason <job>");
    assertThat(tmp.resolve("_locks")).doesNotExist();
  }

  @Test
  void localModeUsesTheThroughputCollectorUnlessTheCallerNamesOne() throws Exception {
    String local = launch("ingest", "--dry-run").out();
    assertThat(local).contains("-XX:+UseParallelGC");
    String chosen =
        launch(Map.of("POLYREASON_JAVA_OPTS", "-XX:+UseG1GC"), "ingest", "--dry-run").out();
    assertThat(chosen).contains("-XX:+UseG1GC").doesNotContain("UseParallelGC");
    assertThat(launch("ingest", "--env", "standalone", "--dry-run").out())
        .as("on a cluster the executors have their own JVMs and options")
        .doesNotContain("UseParallelGC");
  }

  @Test
  void localModeRaisesTheC2ThresholdsAndTheCallersValuesComeLater() throws Exception {
    String local = launch("ingest", "--dry-run").out();
    assertThat(local)
        .contains(
            "-XX:Tier4InvocationThreshold=50000 -XX:Tier4MinInvocationThreshold=6000"
                + " -XX:Tier4CompileThreshold=150000 -XX:Tier4BackEdgeThreshold=400000");
    String chosen =
        launch(
                Map.of("POLYREASON_JAVA_OPTS", "-XX:Tier4InvocationThreshold=5000"),
                "ingest",
                "--dry-run")
            .out();
    assertThat(chosen.lastIndexOf("-XX:Tier4InvocationThreshold=5000 "))
        .as("the JVM takes the last value of a flag: the caller's")
        .isGreaterThan(chosen.indexOf("-XX:Tier4InvocationThreshold=50000"));
    assertThat(launch("ingest", "--env", "standalone", "--dry-run").out())
        .as("on a cluster the executors have their own JVMs and cores")
        .doesNotContain("Tier4");
  }

  @Test
  void theFirstLaunchWritesAClassDataSharingArchiveThatTheNextJvmsMap() throws Exception {
    Path cds = tmp.resolve("cds");
    Path classLog = tmp.resolve("classes.log");
    Map<String, String> env =
        Map.of(
            "POLYREASON_CDS_DIR",
            cds.toString(),
            "POLYREASON_JAVA_OPTS",
            "-Xlog:class+load=info:file=" + classLog);
    // first launch: the warm-up writes the archive, then the job runs (and maps it) as usual
    Result first = launch(env, badAlignment());
    assertThat(first.code()).isEqualTo(2);
    assertThat(first.err())
        .contains("polyreason: writing the class-data sharing archive")
        .contains("Bad value for polyreason.ingest.alignment: loose");
    assertThat(first.out())
        .as("the archive's own warnings stay out of the output")
        .doesNotContain("[cds");
    List<String> files = filesIn(cds);
    assertThat(files)
        .hasSize(2)
        .anyMatch(f -> f.endsWith(".jsa"))
        .anyMatch(f -> f.endsWith(".log"));
    assertThat(
            Files.readString(
                cds.resolve(
                    files.stream().filter(f -> f.endsWith(".log")).findFirst().orElseThrow())))
        .as("the warm-up study ran")
        .contains("study cds-warm-up: 2 stages ran");
    assertThat(sparkSubmitSource(classLog)).isEqualTo("shared objects file (top)");

    // the next launch maps it without writing anything
    Files.delete(classLog);
    Result second = launch(env, badAlignment());
    assertThat(second.code()).isEqualTo(2);
    assertThat(second.err()).doesNotContain("class-data sharing");
    assertThat(filesIn(cds)).isEqualTo(files);
    assertThat(sparkSubmitSource(classLog)).isEqualTo("shared objects file (top)");

    // off: classes come from the jars
    Files.delete(classLog);
    Map<String, String> off = new HashMap<>(env);
    off.put("POLYREASON_CDS", "off");
    assertThat(launch(off, badAlignment()).code()).isEqualTo(2);
    assertThat(sparkSubmitSource(classLog)).startsWith("file:").endsWith(".jar");

    Result wrong = launch(Map.of("POLYREASON_CDS", "sometimes"), badAlignment());
    assertThat(wrong.code()).isEqualTo(2);
    assertThat(wrong.err().strip())
        .isEqualTo("polyreason: POLYREASON_CDS=sometimes is not allowed; use on or off");
  }

  @Test
  void aWarmUpPastItsTimeLimitIsGivenUpAndTheJobStillRuns() throws Exception {
    Path cds = tmp.resolve("cds");
    Path temp = Files.createDirectories(tmp.resolve("tmpdir"));
    Map<String, String> env =
        Map.of(
            "POLYREASON_CDS_DIR", cds.toString(),
            "POLYREASON_CDS_TIMEOUT", "2",
            "TMPDIR", temp.toString());

    Result r = launch(env, badAlignment());

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .contains(
            "polyreason: could not write the archive: the warm-up ran longer than 2 s"
                + " (POLYREASON_CDS_TIMEOUT; log: "
                + cds)
        .contains("Bad value for polyreason.ingest.alignment: loose");
    // not retried for this key; no partial archive, no warm-up warehouse
    assertThat(filesIn(cds)).hasSize(2).anyMatch(f -> f.endsWith(".failed"));
    assertThat(filesIn(cds)).anyMatch(f -> f.endsWith(".log"));
    assertThat(filesIn(temp)).isEmpty();

    Result wrong = launch(Map.of("POLYREASON_CDS_TIMEOUT", "soon"), badAlignment());
    assertThat(wrong.code()).isEqualTo(2);
    assertThat(wrong.err().strip())
        .isEqualTo(
            "polyreason: POLYREASON_CDS_TIMEOUT=soon is not allowed; use whole seconds from 1 to"
                + " 999999");
  }

  @Test
  void anInterruptedWarmUpStopsAndLeavesNothingBehind() throws Exception {
    Path cds = tmp.resolve("cds");
    Path temp = Files.createDirectories(tmp.resolve("tmpdir"));
    Path err = tmp.resolve("err.txt");
    Process p =
        start(
            Map.of("POLYREASON_CDS_DIR", cds.toString(), "TMPDIR", temp.toString()),
            tmp.resolve("out.txt"),
            err,
            badAlignment());
    // wait until the warm-up's JVM runs (its log is there and the warm-up warehouse is created)
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (!(filesIn(cds).stream().anyMatch(f -> f.endsWith(".log"))
        && p.descendants().anyMatch(h -> h.info().command().orElse("").endsWith("java")))) {
      assertThat(System.nanoTime()).as("the warm-up started").isLessThan(deadline);
      Thread.sleep(200);
    }
    List<ProcessHandle> warmUp = p.descendants().toList();

    p.destroy(); // SIGTERM, as a scheduler stops a task

    assertThat(p.waitFor(1, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).isEqualTo(143);
    assertThat(Files.readString(err))
        .contains("polyreason: interrupted while writing the class-data sharing archive");
    assertThat(warmUp).as("the warm-up's processes").noneMatch(ProcessHandle::isAlive);
    assertThat(filesIn(cds)).as("only the warm-up's log; retried next time").hasSize(1);
    assertThat(filesIn(temp)).as("no warm-up warehouse left").isEmpty();
  }

  /** Arguments of a job that fails on a bad value (exit 2) after the launcher has done its part. */
  private String[] badAlignment() {
    return new String[] {
      "ingest",
      "--set",
      "polyreason.warehouse=" + tmp.resolve("wh"),
      "--set",
      "polyreason.ingest.alignment=loose"
    };
  }

  /** Where the driver JVM loaded SparkSubmit from, as -Xlog:class+load reports it. */
  private static String sparkSubmitSource(Path classLog) throws IOException {
    List<String> lines =
        Files.readAllLines(classLog).stream()
            .filter(l -> l.contains(" org.apache.spark.deploy.SparkSubmit source: "))
            .toList();
    assertThat(lines).as("one load of SparkSubmit in %s", classLog).hasSize(1);
    return lines.get(0).substring(lines.get(0).indexOf(" source: ") + " source: ".length()).strip();
  }

  private static List<String> filesIn(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void unknownEnvironmentAndJobExit2() throws Exception {
    assertThat(launch("ingest", "--env", "prod").code()).isEqualTo(2);
    Result job = launch("digest");
    assertThat(job.code()).isEqualTo(2);
    assertThat(job.err()).contains("unknown job digest");
    assertThat(new String(job.err().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
        .doesNotContain("Exception");
  }
}
