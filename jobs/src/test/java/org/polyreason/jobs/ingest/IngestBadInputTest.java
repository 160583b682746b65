package org.polyreason.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polyreason.testing.CliRun;
import org.polyreason.testing.SparkTestBase;

/**
 * One test per bad-input case: each exits 2 with one stderr line naming the file:line or key, the
 * value and what is allowed, and leaves an existing problems table exactly as it was.
 */
class IngestBadInputTest extends SparkTestBase {
  @TempDir Path tmp;
  Path data;
  Path warehouse;

  @BeforeEach
  void goodDataAndAnExistingTable() throws IOException {
    data = tmp.resolve("data");
    warehouse = tmp.resolve("wh");
    write("mgsm/mgsm_en.tsv", "Two plus two?\t4\nThree times 1,000?\t3,000\n");
    write("mgsm/mgsm_de.tsv", "Zwei plus zwei?\t4\nDrei mal 1.000?\t3,000\n");
    write("xreasoning/aime2024/en.jsonl", "{\"id\":1,\"problem\":\"p\",\"answer\":\"025\"}\n");
    write("xreasoning/aime2025/en.jsonl", "{\"id\":2,\"problem\":\"q\",\"answer\":\"7\"}\n");
    CliRun ok = ingest("polyreason.ingest.benchmarks=[mgsm]");
    assertThat(ok.exitCode()).as(ok.err()).isZero();
    assertThat(spark.read().parquet(warehouse.resolve("problems").toString()).count()).isEqualTo(4);
  }

  private void write(String relative, String content) throws IOException {
    Path p = data.resolve(relative);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
  }

  private CliRun ingest(String... sets) {
    Stream<String> base =
        Stream.of(
            "ingest",
            "--set",
            "polyreason.warehouse=" + warehouse,
            "--set",
            "polyreason.data-root=" + data);
    Stream<String> extra = Stream.of(sets).flatMap(s -> Stream.of("--set", s));
    return CliRun.of(Stream.concat(base, extra).toArray(String[]::new));
  }

  private List<String> tableFiles() throws IOException {
    try (Stream<Path> s = Files.walk(warehouse.resolve("problems"))) {
      return s.filter(Files::isRegularFile)
          .map(p -> p + "@" + p.toFile().lastModified())
          .sorted()
          .toList();
    }
  }

  /**
   * Runs a bad ingest and checks: exit 2, exactly one stderr line containing every fragment, table
   * intact.
   */
  private void assertRejected(CliRun run, List<String> before, String... fragments)
      throws IOException {
    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.errLines()).hasSize(1);
    assertThat(run.errLines().get(0)).contains(fragments);
    assertThat(tableFiles()).isEqualTo(before);
  }

  @Test
  void tsvRowWithWrongColumnCount() throws IOException {
    List<String> before = tableFiles();
    write("mgsm/mgsm_de.tsv", "Zwei plus zwei?\t4\nkaputt ohne Antwort\n");
    assertRejected(
        ingest("polyreason.ingest.benchmarks=[mgsm]"),
        before,
        "mgsm/mgsm_de.tsv line 2 has 1 column, expected 2");
  }

  @Test
  void jsonSyntaxError() throws IOException {
    List<String> before = tableFiles();
    write(
        "xreasoning/aime2025/en.jsonl",
        "{\"id\":2,\"problem\":\"q\",\"answer\":\"7\"}\n{\"id\":3,\"problem\":\"q\" \"answer\":1}\n");
    assertRejected(
        ingest("polyreason.ingest.benchmarks=[xreasoning]"),
        before,
        "xreasoning/aime2025/en.jsonl line 2 is not valid JSON");
  }

  @Test
  void missingField() throws IOException {
    List<String> before = tableFiles();
    write("xreasoning/aime2024/en.jsonl", "{\"id\":1,\"question\":\"p\",\"answer\":\"025\"}\n");
    assertRejected(
        ingest("polyreason.ingest.benchmarks=[xreasoning]"),
        before,
        "xreasoning/aime2024/en.jsonl line 1 has no field problem",
        "fields present: id, question, answer");
  }

  @Test
  void emptyFile() throws IOException {
    List<String> before = tableFiles();
    write("mgsm/mgsm_de.tsv", "");
    assertRejected(
        ingest("polyreason.ingest.benchmarks=[mgsm]"), before, "mgsm/mgsm_de.tsv is empty");
  }

  @Test
  void unknownLanguage() throws IOException {
    List<String> before = tableFiles();
    assertRejected(
        ingest("polyreason.ingest.languages=[en, xx]"),
        before,
        "polyreason.ingest.languages: xx",
        "allowed: one of ar, bn, de");
  }

  @Test
  void languageInNoSelectedBenchmark() throws IOException {
    List<String> before = tableFiles();
    assertRejected(
        ingest("polyreason.ingest.benchmarks=[mgsm]", "polyreason.ingest.languages=[ko]"),
        before,
        "Language ko",
        "in none of the selected benchmarks [mgsm]");
  }

  @Test
  void unknownBenchmark() throws IOException {
    List<String> before = tableFiles();
    assertRejected(
        ingest("polyreason.ingest.benchmarks=[gsm9k]"),
        before,
        "polyreason.ingest.benchmarks: gsm9k",
        "mgsm, msvamp, mmath, polymath, xreasoning");
  }

  @Test
  void missingDataRoot() throws IOException {
    List<String> before = tableFiles();
    assertRejected(
        ingest("polyreason.data-root=" + tmp.resolve("nowhere")),
        before,
        "Data root " + tmp.resolve("nowhere") + " does not exist");
  }

  @Test
  void unknownKey() throws IOException {
    List<String> before = tableFiles();
    assertRejected(
        ingest("polyreason.ingest.langs=[en]"),
        before,
        "Unknown configuration key polyreason.ingest.langs",
        "polyreason.ingest.languages");
  }

  @Test
  void badValue() throws IOException {
    List<String> before = tableFiles();
    assertRejected(
        ingest("polyreason.ingest.alignment=sometimes"),
        before,
        "Bad value for polyreason.ingest.alignment: sometimes; allowed: one of error, warn");
  }

  @Test
  void misalignedAnswersAreReportedWithFileAndLine() throws IOException {
    List<String> before = tableFiles();
    write("mgsm/mgsm_de.tsv", "Zwei plus zwei?\t5\nDrei mal 1.000?\t3000\n");
    assertRejected(
        ingest("polyreason.ingest.benchmarks=[mgsm]"),
        before,
        "mgsm/mgsm_de.tsv:1",
        "answer 5 differs from en answer 4 at mgsm/mgsm_en.tsv:1");
  }

  @Test
  void misalignmentCanBeDowngradedToWarnings() throws IOException {
    write("mgsm/mgsm_de.tsv", "Zwei plus zwei?\t5\nDrei mal 1.000?\t3000\n");
    CliRun run = ingest("polyreason.ingest.benchmarks=[mgsm]", "polyreason.ingest.alignment=warn");
    assertThat(run.exitCode()).as(run.err()).isZero();
  }
}
