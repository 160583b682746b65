package org.polyreason.jobs.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polyreason.testing.CliRun;
import org.polyreason.testing.SharedData;
import org.polyreason.testing.SparkTestBase;

/**
 * Finding 1 of the integrity issue, replayed: an imported sample is its problem, not its prompt
 * text. Records matched by id without a question field, and different problems sharing a question
 * text (MSVAMP), are each stored; a shared text that cannot be resolved is reported as ambiguous.
 */
class ImportKeysTest extends SparkTestBase {
  @TempDir static Path warehouse;
  @TempDir Path tmp;

  @BeforeAll
  static void ingest() {
    Path data = SharedData.require("data/benchmarks");
    CliRun run =
        CliRun.of(
            "ingest",
            "--set",
            "polyreason.warehouse=" + warehouse,
            "--set",
            "polyreason.data-root=" + data,
            "--set",
            "polyreason.ingest.benchmarks=[mgsm, msvamp]",
            "--set",
            "polyreason.ingest.languages=[en, bn]");
    assertThat(run.exitCode()).as(run.err()).isZero();
  }

  static CliRun importRun(String... sets) {
    Stream<String> base = Stream.of("import", "--set", "polyreason.warehouse=" + warehouse);
    return CliRun.of(
        Stream.concat(base, Stream.of(sets).flatMap(s -> Stream.of("--set", s)))
            .toArray(String[]::new));
  }

  static Dataset<Row> generations(String model) {
    return spark
        .read()
        .parquet(warehouse.resolve("generations").toString())
        .filter("model = '" + model + "'");
  }

  static Map<String, Long> lastCounts() {
    Row r =
        spark
            .read()
            .parquet(warehouse.resolve("runs").toString())
            .filter("job = 'import'")
            .orderBy(org.apache.spark.sql.functions.col("finished_at").desc())
            .first();
    return scala.jdk.javaapi.CollectionConverters.asJava(
        r.<scala.collection.Map<String, Long>>getAs("counts"));
  }

  @Test
  void recordsMatchedByIdWithoutAQuestionAreEachStored() throws IOException {
    Path f = tmp.resolve("by-id_en.jsonl");
    Files.writeString(
        f,
        """
        {"id": "0", "out": "The answer is 18."}
        {"id": "1", "out": "The answer is 3."}
        {"id": "2", "out": "The answer is 70000."}
        """);
    CliRun run =
        importRun(
            "polyreason.import.format=jsonl",
            "polyreason.import.path=" + f,
            "polyreason.import.model=by-id",
            "polyreason.import.benchmark=mgsm",
            "polyreason.import.fields.problem-id=id",
            "polyreason.import.fields.question=",
            "polyreason.import.fields.text=out",
            "polyreason.import.unmatched=error");
    assertThat(run.exitCode()).as(run.err()).isZero();
    Dataset<Row> g = generations("by-id");
    assertThat(g.count()).isEqualTo(3);
    assertThat(g.select("sample_key").distinct().count()).isEqualTo(3);
    assertThat(lastCounts()).containsEntry("output_rows", 3L).containsEntry("already_stored", 0L);
  }

  @Test
  void msvampProblemsSharingAQuestionAreMatchedByPositionInTheAlignedFile() {
    Path mcot = SharedData.require("data/generations/mcot-mgsm-msvamp/data/mcot_ft_msvamp_bn.json");
    long sharedTexts =
        spark
            .read()
            .parquet(warehouse.resolve("problems").toString())
            .filter("benchmark = 'msvamp' and lang = 'bn'")
            .groupBy("question")
            .count()
            .filter("count > 1")
            .count();
    assertThat(sharedTexts).as("MSVAMP bn has a question that several problems share").isEqualTo(1);

    CliRun run =
        importRun(
            "polyreason.import.format=mcot",
            "polyreason.import.path=" + mcot,
            "polyreason.import.model=mcot-msvamp",
            "polyreason.import.benchmark=msvamp",
            "polyreason.import.unmatched=error");
    assertThat(run.exitCode()).as(run.err()).isZero();
    Dataset<Row> g = generations("mcot-msvamp");
    assertThat(g.count()).isEqualTo(1000);
    assertThat(g.select("problem_id").distinct().count()).isEqualTo(1000);
    assertThat(g.select("sample_key").distinct().count()).isEqualTo(1000);
    assertThat(lastCounts())
        .containsEntry("matched", 1000L)
        .containsEntry("ambiguous", 0L)
        .containsEntry("output_rows", 1000L);
    // line n of the file is problem n-1 (the benchmark's order), shared text or not
    List<String> sharedIds =
        spark
            .read()
            .parquet(warehouse.resolve("problems").toString())
            .filter("benchmark = 'msvamp' and lang = 'bn'")
            .groupBy("question")
            .agg(org.apache.spark.sql.functions.collect_list("problem_id").as("ids"))
            .filter("size(ids) > 1")
            .selectExpr("explode(ids)")
            .collectAsList()
            .stream()
            .map(r -> r.getString(0))
            .toList();
    assertThat(
            g.filter(org.apache.spark.sql.functions.col("problem_id").isin(sharedIds.toArray()))
                .count())
        .as("each problem of the shared text has its own row")
        .isEqualTo(sharedIds.size())
        .isGreaterThan(1);
  }

  @Test
  void aSharedQuestionInAFileThatIsNotAlignedIsAmbiguousAndCanBeFatal() throws IOException {
    List<Row> shared =
        spark
            .read()
            .parquet(warehouse.resolve("problems").toString())
            .filter("benchmark = 'msvamp' and lang = 'bn'")
            .groupBy("question")
            .count()
            .filter("count > 1")
            .orderBy("question")
            .limit(1)
            .collectAsList();
    String question = shared.get(0).getString(0);
    Path f = tmp.resolve("subset_bn.jsonl");
    Files.writeString(
        f,
        "{\"question\": "
            + com.fasterxml.jackson.databind.node.TextNode.valueOf(question)
            + ", \"text\": \"The answer is 1.\"}\n");
    CliRun fatal =
        importRun(
            "polyreason.import.format=jsonl",
            "polyreason.import.path=" + f,
            "polyreason.import.model=subset",
            "polyreason.import.benchmark=msvamp",
            "polyreason.import.unmatched=error");
    assertThat(fatal.exitCode()).isEqualTo(2);
    assertThat(fatal.errLines()).hasSize(1);
    assertThat(fatal.err())
        .contains(
            "1 imported records match no msvamp problem",
            "1 of them ambiguous",
            "subset_bn.jsonl:1 (ambiguous)",
            "polyreason.import.unmatched = error");

    CliRun warn =
        importRun(
            "polyreason.import.format=jsonl",
            "polyreason.import.path=" + f,
            "polyreason.import.model=subset",
            "polyreason.import.benchmark=msvamp");
    assertThat(warn.exitCode()).as(warn.err()).isZero();
    assertThat(lastCounts())
        .containsEntry("ambiguous", 1L)
        .containsEntry("unmatched", 1L)
        .containsEntry("output_rows", 0L);
  }
}
