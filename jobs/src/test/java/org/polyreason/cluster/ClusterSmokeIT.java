package org.polyreason.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.apache.spark.sql.functions.col;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polyreason.testing.SharedData;
import org.polyreason.testing.SparkTestBase;

/**
 * Runs submit-scripts/cluster-smoke.sh: a real two-worker Spark standalone cluster on 127.0.0.1, and
 * ingest -> import (real mCoT-7B outputs, MGSM en + de) -> score submitted to it with --env standalone.
 * Then reads the tables back with a local SparkSession and checks the row counts.
 */
class ClusterSmokeIT {
  @TempDir Path tmp;

  @Test
  void ingestImportScoreOnAStandaloneCluster() throws Exception {
    SharedData.require("data/benchmarks/mgsm");
    SharedData.require("data/generations/mcot-mgsm-msvamp/data");
    Path wh = tmp.resolve("wh");
    Path log = tmp.resolve("cluster-smoke.log");
    ProcessBuilder pb = new ProcessBuilder("bash", SharedData.repo().resolve("submit-scripts/cluster-smoke.sh").toString(),
        "--warehouse", wh.toString())
        .directory(SharedData.repo().toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("POLYREASON_SHARED", SharedData.root().toString());
    Process p = pb.start();
    boolean finished = p.waitFor(20, TimeUnit.MINUTES);
    if (!finished) {
      p.destroy();  // SIGTERM: the script's trap stops the cluster it started
      p.waitFor(1, TimeUnit.MINUTES);
    }
    String out = Files.readString(log);
    // The script's own timings, for whoever reads the test output.
    System.out.println(out.lines().dropWhile(l -> !l.startsWith("=== timings")).reduce("", (a, b) -> a + b + "\n"));
    assertThat(finished).as("cluster-smoke.sh finished in 20 minutes:\n%s", out).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("cluster-smoke: OK");

    SparkSession spark = SparkTestBase.session();
    assertThat(spark.read().parquet(wh.resolve("problems").toString()).filter(col("benchmark").equalTo("mgsm")).count())
        .isEqualTo(500);
    assertThat(spark.read().parquet(wh.resolve("generations").toString()).filter(col("model").equalTo("mcot-7b")).count())
        .isEqualTo(500);
    var scores = spark.read().parquet(wh.resolve("scores").toString());
    assertThat(scores.count()).isEqualTo(500);
    List<String> langs = scores.select("lang").distinct().orderBy("lang").as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
    assertThat(langs).containsExactly("de", "en");
    assertThat(scores.filter(col("verdict").equalTo("error")).count()).isZero();
    List<Row> runs = spark.read().parquet(wh.resolve("runs").toString()).select("job", "status").collectAsList();
    assertThat(runs).extracting(r -> r.getString(0) + ":" + r.getString(1))
        .containsExactlyInAnyOrder("ingest:success", "import:success", "score:success");
    if (!out.contains("reusing the running cluster")) {
      // The cluster the script started is gone again.
      assertThat(SharedData.repo().resolve(".cluster/pids")).doesNotExist();
    }
  }
}
