package org.polyreason.jobs.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polyreason.testing.CliRun;
import org.polyreason.testing.SharedData;
import org.polyreason.testing.SparkTestBase;

/** The import job on the real mCoT and s1 outputs, plus lm-eval/jsonl fixtures and bad input. */
class ImportJobTest extends SparkTestBase {
  @TempDir static Path warehouse;
  @TempDir Path tmp;

  @BeforeAll
  static void ingestMgsm() {
    Path data = SharedData.require("data/benchmarks");
    CliRun run =
        CliRun.of(
            "ingest",
            "--set",
            "polyreason.warehouse=" + warehouse,
            "--set",
            "polyreason.data-root=" + data,
            "--set",
            "polyreason.ingest.benchmarks=[mgsm]");
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

  @Test
  void mcotMgsmImportsAll2750ResponsesAndIsIdempotent() {
    Path mcot = SharedData.require("data/generations/mcot-mgsm-msvamp/data");
    CliRun first =
        importRun(
            "polyreason.import.format=mcot",
            "polyreason.import.path=" + mcot + "/mcot_ft_mgsm_*.json",
            "polyreason.import.model=mcot-7b",
            "polyreason.import.benchmark=mgsm",
            "polyreason.import.unmatched=error");
    assertThat(first.exitCode()).as(first.err()).isZero();
    Dataset<Row> g = generations("mcot-7b");
    assertThat(g.count()).isEqualTo(2750);
    assertThat(g.groupBy("lang").count().count()).isEqualTo(11);
    assertThat(g.filter("engine != 'import' or problem_id is null or text is null").count())
        .isZero();
    assertThat(g.select("sample_key").distinct().count()).isEqualTo(2750);
    // rows of the German file keep their order: line n is MGSM problem n-1
    Row de = g.filter("lang = 'de' and problem_id = '0'").first();
    assertThat(de.<String>getAs("text")).contains("Die Antwort ist 18");

    CliRun again =
        importRun(
            "polyreason.import.format=mcot",
            "polyreason.import.path=" + mcot + "/mcot_ft_mgsm_*.json",
            "polyreason.import.model=mcot-7b",
            "polyreason.import.benchmark=mgsm");
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(generations("mcot-7b").count()).isEqualTo(2750);
  }

  @Test
  void s1TracesImportFromJsonlAndPartialCsvWithForcedThinkingLanguage() {
    Path s1 = SharedData.require("data/generations/s1-language-forcing-mgsm/data/32B_combined");
    CliRun run =
        importRun(
            "polyreason.import.format=s1",
            "polyreason.import.path=" + s1,
            "polyreason.import.model=s1.1-32B-combined",
            "polyreason.import.think-lang=same",
            "polyreason.import.unmatched=error");
    assertThat(run.exitCode()).as(run.err()).isZero();
    Dataset<Row> g = generations("s1.1-32B-combined");
    assertThat(g.count()).isEqualTo(2586); // 10 x 250 + 86 rows of the partial Telugu CSV
    assertThat(g.filter("lang = 'te'").count()).isEqualTo(86);
    assertThat(g.filter("think_lang != lang").count()).isZero();
  }

  @Test
  void lmEvalSamplesWithSeveralResponsesPerDocBecomeSamples() throws IOException {
    Path f = tmp.resolve("samples_mgsm_native_cot_de_2025-01-01T00-00-00.jsonl");
    Files.writeString(
        f,
        """
        {"doc_id": 0, "doc": {"question": "q"}, "arguments": {"gen_args_0": {"arg_0": "Frage: ..."}}, "resps": [["Die Antwort ist 18.", "Die Antwort ist 17."]]}
        {"doc_id": 1, "doc": {"question": "q"}, "arguments": [["Frage 2", {}]], "resps": [["Die Antwort ist 3."]]}
        """);
    CliRun run =
        importRun(
            "polyreason.import.format=lm-eval",
            "polyreason.import.path=" + f,
            "polyreason.import.model=lm-eval-model",
            "polyreason.import.unmatched=error");
    assertThat(run.exitCode()).as(run.err()).isZero();
    List<Row> rows =
        generations("lm-eval-model").orderBy("problem_id", "sample_idx").collectAsList();
    assertThat(rows)
        .extracting(
            r -> r.getAs("lang") + "/" + r.getAs("problem_id") + "/" + r.getAs("sample_idx"))
        .containsExactly("de/0/0", "de/0/1", "de/1/0");
  }

  @Test
  void malformedLinesAreReportedWithFileAndLineAndExit2() throws IOException {
    Path f = tmp.resolve("out_en.jsonl");
    Files.writeString(
        f, "{\"question\": \"x\", \"text\": \"1\"}\n{broken\n{\"question\": \"y\"}\n");
    CliRun run =
        importRun(
            "polyreason.import.format=jsonl",
            "polyreason.import.path=" + f,
            "polyreason.import.model=bad");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).hasSize(1);
    assertThat(run.errLines().get(0))
        .contains(
            "2 of 3 import lines are malformed",
            "out_en.jsonl:2 not valid JSON",
            "out_en.jsonl:3 no field text");
  }

  @Test
  void unknownFormatAndMissingPathExit2() {
    CliRun format =
        importRun(
            "polyreason.import.format=csv",
            "polyreason.import.path=/x",
            "polyreason.import.model=m");
    assertThat(format.exitCode()).isEqualTo(2);
    assertThat(format.errLines())
        .singleElement()
        .asString()
        .contains("polyreason.import.format: csv; allowed: one of mcot, s1, lm-eval, jsonl");
    CliRun path =
        importRun(
            "polyreason.import.path=" + tmp.resolve("nothing-here"), "polyreason.import.model=m");
    assertThat(path.exitCode()).isEqualTo(2);
    assertThat(path.errLines()).singleElement().asString().contains("matches no file");
  }

  @Test
  void unmatchedRecordsAreCountedAndCanBeFatal() throws IOException {
    Path f = tmp.resolve("out_en.jsonl");
    Files.writeString(f, "{\"question\": \"Not an MGSM question\", \"text\": \"1\"}\n");
    CliRun run =
        importRun(
            "polyreason.import.format=jsonl",
            "polyreason.import.path=" + f,
            "polyreason.import.model=um",
            "polyreason.import.unmatched=error");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines())
        .singleElement()
        .asString()
        .contains("1 imported records match no mgsm problem", "out_en.jsonl:1");
  }
}
