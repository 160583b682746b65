package org.polyreason.jobs.study;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polyreason.testing.CliRun;
import org.polyreason.testing.SharedData;
import org.polyreason.testing.SparkTestBase;

/**
 * conf/studies/tiny-test.conf end to end on real data: full run, no-op rerun, failure and resume.
 */
class StudyJobTest extends SparkTestBase {
  @TempDir Path dir;

  private static CliRun study(Path wh, String... extraSets) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "study",
                "--set",
                "polyreason.study.file=" + SharedData.repo().resolve("conf/studies/tiny-test.conf"),
                "--set",
                "polyreason.study.shared=" + SharedData.root(),
                "--set",
                "polyreason.warehouse=" + wh));
    for (String s : extraSets) {
      args.add("--set");
      args.add(s);
    }
    return CliRun.of(args.toArray(String[]::new));
  }

  private static List<Row> state(Path wh) {
    return spark
        .read()
        .parquet(wh.resolve("study_state").toString())
        .orderBy("finished_at")
        .collectAsList();
  }

  /** counts of the latest study row in runs. */
  private static Map<String, Long> lastStudyCounts(Path wh) {
    Row r =
        spark
            .read()
            .parquet(wh.resolve("runs").toString())
            .filter("job = 'study'")
            .orderBy("finished_at")
            .collectAsList()
            .stream()
            .reduce((a, b) -> b)
            .orElseThrow();
    return r.<String, Long>getJavaMap(r.fieldIndex("counts"));
  }

  @Test
  void tinyStudyRunsThenSkipsEverythingOnRerun() {
    SharedData.require("data/generations/mcot-mgsm-msvamp/data");
    Path wh = dir.resolve("wh");
    CliRun first = study(wh);
    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(lastStudyCounts(wh)).containsEntry("ran", 6L).containsEntry("skipped", 0L);
    assertThat(state(wh))
        .extracting(r -> r.<String>getAs("stage") + ":" + r.<String>getAs("status"))
        .containsExactly(
            "ingest:success",
            "import-mcot:success",
            "generate-tiny:success",
            "score:success",
            "aggregate:success",
            "report:success");
    // every stage appended its own runs row, under the study's run id
    List<Row> runs =
        spark
            .read()
            .parquet(wh.resolve("runs").toString())
            .filter("job != 'study'")
            .collectAsList();
    assertThat(runs)
        .extracting(r -> r.<String>getAs("job"))
        .containsExactlyInAnyOrder("ingest", "import", "generate", "score", "aggregate", "report");
    assertThat(runs).allSatisfy(r -> assertThat(r.<String>getAs("status")).isEqualTo("success"));
    assertThat(
            spark
                .read()
                .parquet(wh.resolve("metrics").toString())
                .filter("model = 'mcot-7b'")
                .select("lang")
                .distinct()
                .count())
        .isEqualTo(3); // en, de, ALL
    assertThat(wh.resolve("report/report.html")).exists();
    assertThat(wh.resolve("generations").toFile().exists()).isTrue();
    long generations = spark.read().parquet(wh.resolve("generations").toString()).count();
    assertThat(generations).isEqualTo(504); // 500 imported + 2 problems x 2 languages generated

    CliRun again = study(wh);
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(lastStudyCounts(wh)).containsEntry("ran", 0L).containsEntry("skipped", 6L);
    assertThat(state(wh)).hasSize(6);
    assertThat(spark.read().parquet(wh.resolve("runs").toString()).filter("job != 'study'").count())
        .isEqualTo(6);

    // a changed setting of one stage reruns that stage and, through its output, what reads it
    CliRun changed = study(wh, "polyreason.aggregate.bootstrap-samples=150");
    assertThat(changed.exitCode()).as(changed.err()).isZero();
    assertThat(lastStudyCounts(wh)).containsEntry("ran", 2L).containsEntry("skipped", 4L);
  }

  @Test
  void failedStageIsWhereTheRerunResumes() {
    SharedData.require("data/generations/mcot-mgsm-msvamp/data");
    Path wh = dir.resolve("wh");
    CliRun failed =
        study(wh, "polyreason.import.path=" + dir.resolve("no-such-outputs") + "/*.json");
    assertThat(failed.exitCode()).isEqualTo(2);
    assertThat(failed.errLines())
        .singleElement()
        .asString()
        .contains("stage 2/6 import-mcot (import) failed")
        .contains("matches no file");
    assertThat(state(wh))
        .extracting(r -> r.<String>getAs("stage") + ":" + r.<String>getAs("status"))
        .containsExactly("ingest:success", "import-mcot:bad-input");

    CliRun fixed = study(wh);
    assertThat(fixed.exitCode()).as(fixed.err()).isZero();
    assertThat(lastStudyCounts(wh)).containsEntry("ran", 5L).containsEntry("skipped", 1L);
    assertThat(state(wh))
        .extracting(r -> r.<String>getAs("stage") + ":" + r.<String>getAs("status"))
        .containsExactly(
            "ingest:success",
            "import-mcot:bad-input",
            "import-mcot:success",
            "generate-tiny:success",
            "score:success",
            "aggregate:success",
            "report:success");
  }

  @Test
  void unregisteredJobIsNamedWithTheAvailableOnes() throws IOException {
    Path file = dir.resolve("gen.conf");
    Files.writeString(
        file,
        """
        name = gen
        stages = [ { job = ingest }, { name = finetune-small, job = finetune, set { polyreason.aggregate.seed = 3 } } ]
        """);
    CliRun run =
        CliRun.of(
            "study",
            "--set",
            "polyreason.study.file=" + file,
            "--set",
            "polyreason.warehouse=" + dir.resolve("wh"));
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines())
        .singleElement()
        .asString()
        .contains("Stage finetune-small")
        .contains("job finetune")
        .contains("not registered")
        .contains(
            "available jobs: ingest, parallel-data, train, import, import-metrics, generate, score");
  }

  @Test
  void badStudyFilesFailBeforeSparkWorkWithOneLine() throws IOException {
    CliRun none =
        CliRun.of(
            "study",
            "--set",
            "polyreason.study.file=\"\"",
            "--set",
            "polyreason.warehouse=" + dir.resolve("wh"));
    assertThat(none.exitCode()).isEqualTo(2);
    assertThat(none.errLines()).singleElement().asString().contains("polyreason.study.file");

    Path unknownKey = dir.resolve("u.conf");
    Files.writeString(
        unknownKey, "stages = [ { job = aggregate, set { polyreason.aggregate.seeds = 3 } } ]\n");
    CliRun run =
        CliRun.of(
            "study",
            "--set",
            "polyreason.study.file=" + unknownKey,
            "--set",
            "polyreason.warehouse=" + dir.resolve("wh"));
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).singleElement().asString().contains("polyreason.aggregate.seeds");

    Path badValue = dir.resolve("b.conf");
    Files.writeString(
        badValue,
        "stages = [ { job = aggregate, set { polyreason.aggregate.confidence = 2 } } ]\n");
    run =
        CliRun.of(
            "study",
            "--set",
            "polyreason.study.file=" + badValue,
            "--set",
            "polyreason.warehouse=" + dir.resolve("wh"));
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines())
        .singleElement()
        .asString()
        .contains("Stage aggregate")
        .contains("polyreason.aggregate.confidence");

    Path dup = dir.resolve("d.conf");
    Files.writeString(dup, "stages = [ { job = score }, { job = score } ]\n");
    run =
        CliRun.of(
            "study",
            "--set",
            "polyreason.study.file=" + dup,
            "--set",
            "polyreason.warehouse=" + dir.resolve("wh"));
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).singleElement().asString().contains("Duplicate stage name score");
  }
}
