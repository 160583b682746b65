package org.polyreason.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polyreason.core.Failures;
import org.polyreason.core.Tables;
import org.polyreason.core.Warehouse;
import org.polyreason.testing.CliRun;
import org.polyreason.testing.ScoresBuilder;
import org.polyreason.testing.SharedData;
import org.polyreason.testing.SparkTestBase;

/**
 * Findings 4, 6 and 9 of the integrity issue, replayed through the CLI: every failure ends in one
 * "polyreason <job>: ..." line, a runs row and exit 1 or 2; damaged input names the file (and
 * line); a BOM is skipped; invalid UTF-8 fails by default and is counted when replaced.
 */
class FailureContractTest extends SparkTestBase {
  @TempDir static Path warehouse;
  @TempDir Path tmp;
  static Path mcotDe;

  @BeforeAll
  static void ingest() {
    Path data = SharedData.require("data/benchmarks");
    mcotDe = SharedData.require("data/generations/mcot-mgsm-msvamp/data/mcot_ft_mgsm_de.json");
    CliRun run =
        CliRun.of(
            "ingest",
            "--set",
            "polyreason.warehouse=" + warehouse,
            "--set",
            "polyreason.data-root=" + data,
            "--set",
            "polyreason.ingest.benchmarks=[mgsm]",
            "--set",
            "polyreason.ingest.languages=[de]");
    assertThat(run.exitCode()).as(run.err()).isZero();
  }

  static CliRun cli(String job, Path wh, String... sets) {
    Stream<String> base = Stream.of(job, "--set", "polyreason.warehouse=" + wh);
    return CliRun.of(
        Stream.concat(base, Stream.of(sets).flatMap(s -> Stream.of("--set", s)))
            .toArray(String[]::new));
  }

  static Row lastRun(Path wh, String job) {
    return spark
        .read()
        .parquet(wh.resolve("runs").toString())
        .filter("job = '" + job + "'")
        .orderBy(org.apache.spark.sql.functions.col("finished_at").desc())
        .first();
  }

  static Map<String, Long> counts(Row run) {
    return scala.jdk.javaapi.CollectionConverters.asJava(
        run.<scala.collection.Map<String, Long>>getAs("counts"));
  }

  CliRun importMcot(Path file, String model, String... extra) {
    String[] sets =
        Stream.concat(
                Stream.of(
                    "polyreason.import.format=mcot",
                    "polyreason.import.path=" + file,
                    "polyreason.import.model=" + model,
                    "polyreason.import.benchmark=mgsm"),
                Stream.of(extra))
            .toArray(String[]::new);
    return cli("import", warehouse, sets);
  }

  @Test
  void aCorruptGzipFileExits2NamingTheFileAndLineWithABadInputRunsRow() throws IOException {
    byte[] text = Files.readAllBytes(mcotDe);
    Path gz = tmp.resolve("mcot_ft_mgsm_de.json.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write(text);
    }
    byte[] all = Files.readAllBytes(gz);
    Files.write(gz, Arrays.copyOf(all, all.length * 2 / 3));
    CliRun run = importMcot(gz, "gz-model");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).hasSize(1);
    assertThat(run.err())
        .startsWith(
            "polyreason import: File " + gz.toUri().toString().replace("file:///", "file:/"))
        .containsPattern("is damaged at line \\d+: not valid gzip data");
    Row r = lastRun(warehouse, "import");
    assertThat(r.<String>getAs("status")).isEqualTo("bad-input");
    assertThat(r.<String>getAs("error")).contains("mcot_ft_mgsm_de.json.gz", "not valid gzip data");
  }

  @Test
  void aByteOrderMarkDoesNotFailTheFirstLine() throws IOException {
    Path bom = tmp.resolve("mcot_ft_mgsm_de.json");
    try (OutputStream out = Files.newOutputStream(bom)) {
      out.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
      out.write(Files.readAllBytes(mcotDe));
    }
    CliRun run = importMcot(bom, "bom-model", "polyreason.import.unmatched=error");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(counts(lastRun(warehouse, "import")))
        .containsEntry("output_rows", 250L)
        .containsEntry("malformed", 0L);
  }

  @Test
  void invalidUtf8Exits2ByDefaultAndIsCountedWhenReplaced() throws IOException {
    Path f = tmp.resolve("utf8_de.jsonl");
    try (OutputStream out = Files.newOutputStream(f)) {
      out.write(
          "{\"problem\": \"0\", \"text\": \"Die Antwort ist 18.\"}\n"
              .getBytes(StandardCharsets.UTF_8));
      out.write(
          "{\"problem\": \"1\", \"text\": \"Die Antwort ist 3 ".getBytes(StandardCharsets.UTF_8));
      out.write(new byte[] {(byte) 0xE4, '"', '}', '\n'});
    }
    String[] jsonl = {
      "polyreason.import.format=jsonl",
      "polyreason.import.path=" + f,
      "polyreason.import.model=utf8-model",
      "polyreason.import.benchmark=mgsm",
      "polyreason.import.fields.problem-id=problem",
      "polyreason.import.fields.question="
    };
    CliRun strict = cli("import", warehouse, jsonl);
    assertThat(strict.exitCode()).isEqualTo(2);
    assertThat(strict.errLines()).hasSize(1);
    assertThat(strict.err())
        .contains(
            "utf8_de.jsonl line 2 is not valid UTF-8 (byte 0xE4)",
            "polyreason.import.encoding-errors");

    String[] lenient =
        Stream.concat(Stream.of(jsonl), Stream.of("polyreason.import.encoding-errors=replace"))
            .toArray(String[]::new);
    CliRun replaced = cli("import", warehouse, lenient);
    assertThat(replaced.exitCode()).as(replaced.err()).isZero();
    assertThat(counts(lastRun(warehouse, "import")))
        .containsEntry("invalid_utf8_replaced", 1L)
        .containsEntry("output_rows", 2L);
    assertThat(
            spark
                .read()
                .parquet(warehouse.resolve("generations").toString())
                .filter("model = 'utf8-model' and problem_id = '1'")
                .first()
                .<String>getAs("text"))
        .isEqualTo("Die Antwort ist 3 \uFFFD");
  }

  Path scoresWarehouse(String name) {
    Path wh = tmp.resolve(name);
    new Warehouse(spark, wh.toString())
        .replace(
            new ScoresBuilder()
                .group("m1", "mgsm", "de", null)
                .problem("0", true, false)
                .problem("1", true, true)
                .group("m2", "mgsm", "de", null)
                .problem("0", false, false)
                .problem("1", true, false)
                .build(spark),
            Tables.SCORES,
            "setup");
    return wh;
  }

  Path aParquetFileOf(Path wh, String model) throws IOException {
    try (Stream<Path> s = Files.walk(wh.resolve("scores/model=" + model))) {
      return s.filter(p -> p.toString().endsWith(".parquet")).findFirst().orElseThrow();
    }
  }

  @Test
  void aZeroByteParquetFileInScoresMakesAggregateExit2NamingItNotDropAModel() throws IOException {
    Path wh = scoresWarehouse("zero");
    Path victim = aParquetFileOf(wh, "m2");
    Files.write(victim, new byte[0]);
    CliRun run = cli("aggregate", wh);
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).hasSize(1);
    assertThat(run.err())
        .startsWith("polyreason aggregate: Table scores is damaged: file ")
        .contains(victim.getFileName().toString(), "is empty (0 bytes)");
    assertThat(wh.resolve("metrics")).doesNotExist();
    assertThat(lastRun(wh, "aggregate").<String>getAs("status")).isEqualTo("bad-input");
  }

  @Test
  void aTruncatedParquetFileMakesAggregateExit2NamingIt() throws IOException {
    Path wh = scoresWarehouse("truncated");
    Path victim = aParquetFileOf(wh, "m1");
    byte[] all = Files.readAllBytes(victim);
    Files.write(victim, Arrays.copyOf(all, all.length - 100));
    Files.deleteIfExists(victim.resolveSibling("." + victim.getFileName() + ".crc"));
    CliRun run = cli("aggregate", wh);
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).hasSize(1);
    assertThat(run.err())
        .startsWith("polyreason aggregate: Table scores is damaged: file ")
        .contains(victim.getFileName().toString(), "truncated");
  }

  @Test
  void aCheckedSparkExceptionEndsInOneLineAFailedRunsRowAndExit1() throws IOException {
    // a scores table without the correct column: Spark's analyzer throws AnalysisException, a
    // checked
    // exception that used to escape the CLI's catch of RuntimeException with a stack trace and no
    // row
    Path wh = tmp.resolve("schema");
    new Warehouse(spark, wh.toString())
        .replace(
            new ScoresBuilder()
                .group("m1", "mgsm", "de", null)
                .problem("0", true)
                .build(spark)
                .drop("correct", "verdict"),
            Tables.SCORES,
            "setup");
    CliRun run = cli("aggregate", wh);
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.errLines()).hasSize(1);
    assertThat(run.err())
        .startsWith("polyreason aggregate: failed: ")
        .contains("AnalysisException: ", "UNRESOLVED_COLUMN", "`correct`");
    Row r = lastRun(wh, "aggregate");
    assertThat(r.<String>getAs("status")).isEqualTo("failed");
    assertThat(r.<String>getAs("error"))
        .startsWith("failed: ")
        .contains("AnalysisException", "`correct`");
  }

  @Test
  void aFailedSparkTaskIsAFailureNamingTheCause() {
    Throwable t = null;
    try {
      spark
          .range(3)
          .map(
              (MapFunction<Long, Long>)
                  x -> {
                    if (x == 2) {
                      throw new IllegalStateException("boom in task " + x);
                    }
                    return x;
                  },
              Encoders.LONG())
          .collectAsList();
    } catch (Exception e) {
      t = e;
    }
    assertThat(t).isInstanceOf(SparkException.class);
    Failures.Outcome o = Failures.classify(t);
    assertThat(o.exitCode()).isEqualTo(1);
    assertThat(o.status()).isEqualTo("failed");
    assertThat(o.message())
        .startsWith("failed: IllegalStateException: boom in task 2")
        .doesNotContain("\n");
  }
}
