package org.polyreason.cluster;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.launcher.JavaModuleOptions;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polyreason.testing.SharedData;
import org.polyreason.testing.SparkTestBase;

/**
 * The application jar submitted the way users and Airflow's SparkSubmitOperator do: plain {@code
 * org.apache.spark.deploy.SparkSubmit} (what {@code spark-submit} runs), started in an empty
 * folder, with a copy of the jar outside the checkout, no launcher, no {@code conf/}. Models are
 * given as {@code file://} URIs, so they go through the model cache.
 *
 * <p>Cluster deploy mode runs on a real one-worker standalone cluster from
 * submit-scripts/standalone-cluster.sh (its ports from POLYREASON_MASTER_PORT,
 * POLYREASON_MASTER_UI_PORT and POLYREASON_WORKER_UI_PORT when set), in a cluster folder of its
 * own.
 */
class SparkSubmitIT {
  private static final long SUBMIT_TIMEOUT_MIN = 10;

  @TempDir Path tmp;
  private Path empty;
  private Path jar;
  private String sparkClasspath;
  private Path shared;

  @BeforeEach
  void prepare() throws Exception {
    shared = SharedData.require("data/benchmarks/mgsm").getParent().getParent().getParent();
    SharedData.require("data/generations/mcot-mgsm-msvamp/data");
    SharedData.require("models/tiny-random-llama-onnx-fp16");
    Path built;
    try (Stream<Path> s = Files.list(SharedData.repo().resolve("jobs/target"))) {
      built =
          s.filter(p -> p.getFileName().toString().endsWith("-app.jar"))
              .findFirst()
              .orElseThrow(
                  () -> new AssertionError("no application jar in jobs/target: run mvn package"));
    }
    jar = Files.createDirectories(tmp.resolve("dist")).resolve("polyreason-app.jar");
    Files.copy(built, jar);
    empty = Files.createDirectories(tmp.resolve("empty"));
    Process cp =
        new ProcessBuilder(
                "bash",
                "-c",
                "source \"$0/submit-scripts/lib.sh\" && spark_classpath",
                SharedData.repo().toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    sparkClasspath = new String(cp.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(cp.waitFor()).as("resolving the Spark classpath").isZero();
  }

  private record Submitted(int exitCode, String log) {}

  /** {@code spark-submit <sparkArgs> --class org.polyreason.cli.Main <jar> <job> <appArgs>}. */
  private Submitted submit(String name, List<String> sparkArgs, String job, String... appArgs)
      throws IOException, InterruptedException {
    List<String> cmd =
        new ArrayList<>(
            List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    cmd.addAll(Arrays.asList(JavaModuleOptions.defaultModuleOptionArray()));
    cmd.addAll(
        List.of(
            "-Dai.djl.offline=true", "-cp", sparkClasspath, "org.apache.spark.deploy.SparkSubmit"));
    cmd.addAll(sparkArgs);
    cmd.addAll(List.of("--class", "org.polyreason.cli.Main", jar.toString(), job));
    cmd.addAll(Arrays.asList(appArgs));
    Path log = tmp.resolve(name + ".log");
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .directory(empty.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    clean(pb.environment());
    Process p = pb.start();
    if (!p.waitFor(SUBMIT_TIMEOUT_MIN, TimeUnit.MINUTES)) {
      p.destroyForcibly().waitFor();
      throw new AssertionError(
          name
              + " did not finish in "
              + SUBMIT_TIMEOUT_MIN
              + " minutes:\n"
              + Files.readString(log));
    }
    return new Submitted(p.exitValue(), Files.readString(log));
  }

  /** Nothing of the checkout leaks in through the environment. */
  private static void clean(Map<String, String> env) {
    env.remove("POLYREASON_CONF_DIR");
    env.remove("SPARK_HOME");
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
    env.put("DJL_OFFLINE", "true");
  }

  private String[] ingestArgs(String env, String wh) {
    return new String[] {
      "--env",
      env,
      "--set",
      "polyreason.warehouse=" + wh,
      "--set",
      "polyreason.data-root=" + shared.resolve("data/benchmarks").toUri(),
      "--set",
      "polyreason.ingest.benchmarks=[mgsm]",
      "--set",
      "polyreason.ingest.languages=[en,de]"
    };
  }

  private String[] generateArgs(String env, String wh, int samples) {
    return new String[] {
      "--env",
      env,
      "--set",
      "polyreason.warehouse=" + wh,
      "--set",
      "polyreason.models.tiny.path=" + shared.resolve("models/tiny-random-llama-onnx-fp16").toUri(),
      "--set",
      "polyreason.models.tiny.template=chatml",
      "--set",
      "polyreason.model-cache.dir=" + tmp.resolve("model-cache"),
      "--set",
      "polyreason.generate.models=[tiny]",
      "--set",
      "polyreason.generate.benchmarks=[mgsm]",
      "--set",
      "polyreason.generate.limit-per-language=2",
      "--set",
      "polyreason.generate.samples=" + samples,
      "--set",
      "polyreason.generate.temperature=0.8",
      "--set",
      "polyreason.generate.max-new-tokens=8"
    };
  }

  private static List<String> strings(Dataset<Row> rows) {
    return rows.as(Encoders.STRING()).collectAsList();
  }

  private List<Path> cacheEntries() throws IOException {
    try (Stream<Path> s = Files.list(tmp.resolve("model-cache"))) {
      return s.filter(Files::isDirectory).toList();
    }
  }

  @Test
  void plainSparkSubmitInClientModeRunsIngestWithTheGpuClusterEnvAndGeneratesFromAFileUri()
      throws Exception {
    String wh = tmp.resolve("client-wh").toUri().toString();
    // --env gpu-cluster without gpu-cluster.spark.properties: on a CPU machine the GPU settings are
    // simply not passed; the overlay comes from the jar.
    List<String> local = List.of("--master", "local[2]", "--conf", "spark.ui.enabled=false");
    Submitted ingest = submit("client-ingest", local, "ingest", ingestArgs("gpu-cluster", wh));
    assertThat(ingest.exitCode()).as(ingest.log()).isZero();
    assertThat(ingest.log())
        .contains(
            "Environment gpu-cluster: overlay jar:file:"
                + jar
                + "!/polyreason/env/gpu-cluster.conf");
    Submitted generate =
        submit("client-generate", local, "generate", generateArgs("gpu-cluster", wh, 1));
    assertThat(generate.exitCode()).as(generate.log()).isZero();

    SparkSession spark = SparkTestBase.session();
    Dataset<Row> generations =
        spark.read().parquet(tmp.resolve("client-wh/generations").toString());
    assertThat(generations.count()).as("2 problems x 2 languages x 1 sample").isEqualTo(4);
    assertThat(generations.filter(col("finish_reason").equalTo("error")).count()).isZero();
    assertThat(strings(generations.select("model_revision").distinct()))
        .singleElement()
        .asString()
        .startsWith("sha256:");
    assertThat(cacheEntries())
        .singleElement()
        .satisfies(e -> assertThat(e.resolve("model.onnx.data")).exists());
  }

  @Test
  void clusterDeployModeRunsTheWholePipelineWithNothingButTheJarAndUris() throws Exception {
    Path clusterDir = tmp.resolve("cluster");
    String port = System.getenv().getOrDefault("POLYREASON_MASTER_PORT", "17077");
    Path script = SharedData.repo().resolve("submit-scripts/standalone-cluster.sh");
    ProcessBuilder start =
        new ProcessBuilder("bash", script.toString(), "start", "--workers", "1")
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("cluster-start.log").toFile());
    start.environment().put("POLYREASON_CLUSTER_DIR", clusterDir.toString());
    // the driver takes one core and 1 GiB of the worker, the executor the other
    start.environment().put("POLYREASON_WORKER_CORES", "2");
    start.environment().put("POLYREASON_WORKER_MEMORY", "3g");
    clean(start.environment());
    try {
      assertThat(start.start().waitFor())
          .as(Files.readString(tmp.resolve("cluster-start.log")))
          .isZero();
      runPipelineInClusterDeployMode("spark://127.0.0.1:" + port, clusterDir);
    } finally {
      ProcessBuilder stop = new ProcessBuilder("bash", script.toString(), "stop").inheritIO();
      stop.environment().put("POLYREASON_CLUSTER_DIR", clusterDir.toString());
      stop.start().waitFor(2, TimeUnit.MINUTES);
    }
    assertThat(clusterDir.resolve("pids")).doesNotExist();
  }

  private void runPipelineInClusterDeployMode(String master, Path clusterDir) throws Exception {
    String wh = tmp.resolve("cluster-wh").toUri().toString();
    List<String> cluster =
        List.of(
            "--master",
            master,
            "--deploy-mode",
            "cluster",
            // Spark 4 submits standalone cluster mode through the Master's REST server (port 6066)
            // by
            // default; this submits through the master port itself, like Spark 3
            "--conf",
            "spark.master.rest.enabled=false",
            // spark-submit waits for the driver and logs its final state (it exits 0 either way)
            "--conf",
            "spark.standalone.submit.waitAppCompletion=true",
            "--driver-memory",
            "1g",
            "--executor-memory",
            "1g",
            "--conf",
            "spark.executor.cores=1",
            "--conf",
            "spark.cores.max=1",
            "--conf",
            "spark.sql.shuffle.partitions=4",
            "--conf",
            "spark.driver.extraJavaOptions=-Dai.djl.offline=true",
            "--conf",
            "spark.executor.extraJavaOptions=-Dai.djl.offline=true",
            "--conf",
            "spark.executorEnv.DJL_OFFLINE=true");
    Path mcot = shared.resolve("data/generations/mcot-mgsm-msvamp/data");
    Map<String, String[]> steps = new java.util.LinkedHashMap<>();
    steps.put("ingest", ingestArgs("standalone", wh));
    steps.put(
        "import",
        new String[] {
          "--env",
          "standalone",
          "--set",
          "polyreason.warehouse=" + wh,
          "--set",
          "polyreason.import.format=mcot",
          "--set",
          "polyreason.import.path=" + mcot.toUri() + "mcot_ft_mgsm_{en,de}.json",
          "--set",
          "polyreason.import.benchmark=mgsm",
          "--set",
          "polyreason.import.model=mcot-7b"
        });
    steps.put("generate", generateArgs("standalone", wh, 2));
    steps.put("score", new String[] {"--env", "standalone", "--set", "polyreason.warehouse=" + wh});
    steps.put(
        "aggregate", new String[] {"--env", "standalone", "--set", "polyreason.warehouse=" + wh});
    for (Map.Entry<String, String[]> step : steps.entrySet()) {
      long t0 = System.nanoTime();
      Submitted s = submit("cluster-" + step.getKey(), cluster, step.getKey(), step.getValue());
      String driverLog = newestDriverLog(clusterDir);
      assertThat(s.exitCode()).as("%s%n--- driver:%n%s", s.log(), driverLog).isZero();
      assertThat(s.log())
          .as("%s%n--- driver:%n%s", s.log(), driverLog)
          .containsPattern("State of driver driver-\\S+ is FINISHED");
      // The driver ran in the worker's folder, with the overlay from the jar the worker fetched.
      assertThat(driverLog)
          .contains("Environment standalone: overlay jar:file:", "/polyreason/env/standalone.conf");
      System.out.printf(
          "cluster deploy mode: %s took %d s%n",
          step.getKey(), (System.nanoTime() - t0) / 1_000_000_000);
    }

    SparkSession spark = SparkTestBase.session();
    Path root = tmp.resolve("cluster-wh");
    assertThat(spark.read().parquet(root.resolve("problems").toString()).count()).isEqualTo(500);
    Dataset<Row> generations = spark.read().parquet(root.resolve("generations").toString());
    assertThat(generations.filter(col("model").equalTo("mcot-7b")).count()).isEqualTo(500);
    Dataset<Row> tiny = generations.filter(col("model").equalTo("tiny"));
    assertThat(tiny.count()).as("2 problems x 2 languages x 2 samples").isEqualTo(8);
    assertThat(tiny.select("sample_key").distinct().count()).isEqualTo(8);
    assertThat(tiny.filter(col("finish_reason").equalTo("error")).count()).isZero();
    assertThat(strings(tiny.select("device").distinct())).containsExactly("cpu()");
    Dataset<Row> scores = spark.read().parquet(root.resolve("scores").toString());
    assertThat(scores.count()).isEqualTo(508);
    assertThat(strings(scores.select("lang").distinct().orderBy("lang")))
        .containsExactly("de", "en");
    assertThat(
            strings(
                spark
                    .read()
                    .parquet(root.resolve("metrics").toString())
                    .select("model")
                    .distinct()
                    .orderBy("model")))
        .containsExactly("mcot-7b", "tiny");
    List<Row> runs =
        spark
            .read()
            .parquet(root.resolve("runs").toString())
            .select("job", "status")
            .collectAsList();
    assertThat(runs)
        .extracting(r -> r.getString(0) + ":" + r.getString(1))
        .containsExactlyInAnyOrder(
            "ingest:success",
            "import:success",
            "generate:success",
            "score:success",
            "aggregate:success");
    // Driver and executor share the node's cache: the model was copied once.
    assertThat(cacheEntries()).hasSize(1);
    try (Stream<Path> s = Files.list(empty)) {
      assertThat(s.toList()).as("files spark-submit left in the submitting folder").isEmpty();
    }
  }

  /** stderr of the driver the worker started last ({@code work/worker-1/driver-*}). */
  private static String newestDriverLog(Path clusterDir) throws IOException {
    Path work = clusterDir.resolve("work/worker-1");
    if (!Files.isDirectory(work)) {
      return "(no worker folder)";
    }
    try (Stream<Path> s = Files.list(work)) {
      Path newest =
          s.filter(p -> p.getFileName().toString().startsWith("driver-"))
              .max(Comparator.comparing(p -> p.getFileName().toString()))
              .orElse(null);
      return newest == null || !Files.exists(newest.resolve("stderr"))
          ? "(no driver log)"
          : Files.readString(newest.resolve("stderr"));
    }
  }
}
