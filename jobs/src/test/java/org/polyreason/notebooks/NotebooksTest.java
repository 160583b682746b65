package org.polyreason.notebooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polyreason.testing.CliRun;
import org.polyreason.testing.ScoresBuilder;
import org.polyreason.testing.SharedData;
import org.polyreason.testing.SparkTestBase;

/**
 * Every query of every notebooks-export/*.sql runs over real output tables and returns the columns
 * its "-- columns:" line names; polyreason.ipynb is valid nbformat 4 and holds exactly the same
 * queries.
 *
 * <p>Warehouse: MGSM en/de/ja ingested from ../shared, the first 12 mCoT-7B outputs per language
 * imported and scored, plus hand-made scores of a base model and p1..p4 (N = 1..4 parallel
 * languages) so that aggregate, transfer and scaling-law have something to compute; one failed run
 * for the run history.
 */
class NotebooksTest extends SparkTestBase {
  static final List<String> TABLES =
      List.of(
          "problems",
          "generations",
          "scores",
          "metrics",
          "paired",
          "transfer",
          "scaling_fits",
          "runs");

  /** Queries whose result may legitimately be empty on this small warehouse. */
  static final Set<String> MAY_BE_EMPTY =
      Set.of(
          "lost_problem_outputs",
          "off_target_destinations",
          // the test warehouse holds MGSM only: no worked answers
          "first_step_by_language");

  @TempDir static Path dir;

  record Query(String file, String name, List<String> columns, String sql) {}

  static Path notebooks() {
    return SharedData.repo().resolve("notebooks-export");
  }

  /** The "-- name:" blocks of one .sql file (blocks are separated by blank lines). */
  static List<Query> queries(Path file) throws IOException {
    List<Query> out = new ArrayList<>();
    for (String block : Files.readString(file, StandardCharsets.UTF_8).split("\\n\\s*\\n")) {
      List<String> lines = Arrays.asList(block.strip().split("\\n"));
      if (!lines.get(0).startsWith("-- name:")) {
        assertThat(lines)
            .as("text outside a '-- name:' block in %s must be comments", file.getFileName())
            .allMatch(l -> l.startsWith("--"));
        continue;
      }
      String name = lines.get(0).substring("-- name:".length()).strip();
      List<String> columns =
          lines.stream()
              .filter(l -> l.startsWith("-- columns:"))
              .flatMap(l -> Arrays.stream(l.substring("-- columns:".length()).split(",")))
              .map(String::strip)
              .toList();
      assertThat(columns).as("-- columns: line of %s in %s", name, file.getFileName()).isNotEmpty();
      String sql =
          String.join("\n", lines.stream().skip(1).filter(l -> !l.startsWith("--")).toList())
              .strip();
      out.add(new Query(file.getFileName().toString(), name, columns, sql));
    }
    return out;
  }

  static List<Query> allQueries() throws IOException {
    List<Query> all = new ArrayList<>();
    try (Stream<Path> files = Files.list(notebooks())) {
      for (Path f : files.filter(p -> p.toString().endsWith(".sql")).sorted().toList()) {
        all.addAll(queries(f));
      }
    }
    return all;
  }

  private static void run(String... args) {
    CliRun r = CliRun.of(args);
    assertThat(r.exitCode()).as(String.join(" ", args) + ": " + r.err()).isZero();
  }

  @BeforeAll
  static void buildWarehouse() throws IOException {
    Path data = SharedData.require("data/benchmarks");
    Path mcot = SharedData.require("data/generations/mcot-mgsm-msvamp/data");
    String wh = "polyreason.warehouse=" + dir.resolve("wh");
    run(
        "ingest",
        "--set",
        wh,
        "--set",
        "polyreason.data-root=" + data,
        "--set",
        "polyreason.ingest.benchmarks=[mgsm]",
        "--set",
        "polyreason.ingest.languages=[en, de, ja]");
    Path subset = Files.createDirectories(dir.resolve("mcot"));
    for (String lang : List.of("en", "de", "ja")) {
      String name = "mcot_ft_mgsm_" + lang + ".json";
      try (Stream<String> lines = Files.lines(mcot.resolve(name))) {
        Files.write(subset.resolve(name), lines.limit(12).toList());
      }
    }
    run(
        "import",
        "--set",
        wh,
        "--set",
        "polyreason.import.format=mcot",
        "--set",
        "polyreason.import.path=" + subset,
        "--set",
        "polyreason.import.model=mcot-7b",
        "--set",
        "polyreason.import.think-lang=same",
        "--set",
        "polyreason.import.unmatched=error");
    run("score", "--set", wh);
    fixtureScores()
        .write()
        .mode(SaveMode.Append)
        .partitionBy("model", "benchmark", "lang")
        .parquet(dir.resolve("wh/scores").toString());
    run("aggregate", "--set", wh, "--set", "polyreason.aggregate.bootstrap-samples=50");
    run(
        "transfer",
        "--set",
        wh,
        "--set",
        "polyreason.transfer.bootstrap-samples=50",
        "--set",
        "polyreason.transfer.pairs=[{ model = p2, base = base, train-languages = [en, de] }]");
    run(
        "scaling-law",
        "--set",
        wh,
        "--set",
        "polyreason.scaling-law.bootstrap-samples=20",
        "--set",
        "polyreason.scaling-law.series=[{ name = heldout, benchmark = bench, held-out-languages = [sw], points = ["
            + " { model = p1, n = 1 }, { model = p2, n = 2 }, { model = p3, n = 3 }, { model = p4, n = 4 } ] }]");
    CliRun bad =
        CliRun.of(
            "transfer",
            "--set",
            wh,
            "--set",
            "polyreason.transfer.pairs=[{ model = p2, base = nobody, train-languages = [en] }]");
    assertThat(bad.exitCode()).isEqualTo(2); // a bad-input row for the run history
    for (String table : TABLES) {
      spark
          .read()
          .parquet(dir.resolve("wh").resolve(table).toString())
          .createOrReplaceTempView(table);
    }
  }

  /**
   * base and p1..p4 on "bench" in en, de, sw: trained languages gain 0.25, sw grows with N; some
   * drift and truncation.
   */
  static Dataset<Row> fixtureScores() {
    ScoresBuilder b = new ScoresBuilder();
    List<String> langs = List.of("en", "de", "sw");
    for (int n = 0; n <= 4; n++) {
      String model = n == 0 ? "base" : "p" + n;
      for (String lang : langs) {
        double target =
            n == 0
                ? (lang.equals("en") ? 0.5 : 0.3)
                : lang.equals("sw") ? 0.2 + 0.08 * n : (langs.indexOf(lang) < n ? 0.75 : 0.35);
        long cut = Math.round(48 * target);
        b.group(model, "bench", lang, null);
        for (int i = 0; i < 12; i++) {
          for (int j = 0; j < 4; j++) {
            boolean correct = (7 * (4 * i + j)) % 48 < cut;
            boolean truncated = !correct && lang.equals("sw") && j == 3;
            b.sample(
                String.format("q%02d", i),
                j,
                correct,
                correct ? "ok" : truncated ? null : "x" + j,
                correct ? "correct" : truncated ? "truncated" : "wrong",
                truncated ? "length" : "stop",
                100,
                n == 0 && j == 0 && lang.equals("sw") ? "en" : lang);
          }
        }
      }
    }
    return b.build(spark);
  }

  @Test
  void everyQueryOfEverySqlNotebookRunsWithItsColumns() throws IOException {
    List<Query> all = allQueries();
    assertThat(all)
        .extracting(Query::file)
        .contains(
            "accuracy.sql",
            "english-solved-elsewhere-failed.sql",
            "transfer-gaps.sql",
            "language-quality.sql",
            "run-history.sql");
    assertThat(all).extracting(Query::name).doesNotHaveDuplicates();
    for (Query q : all) {
      Dataset<Row> df;
      try {
        df = spark.sql(q.sql());
      } catch (RuntimeException e) {
        throw new AssertionError(q.file() + " " + q.name() + " does not run: " + e.getMessage(), e);
      }
      assertThat(df.columns())
          .as("columns of %s in %s", q.name(), q.file())
          .containsExactlyElementsOf(q.columns());
      List<Row> rows = df.collectAsList();
      if (!MAY_BE_EMPTY.contains(q.name())) {
        assertThat(rows).as("rows of %s in %s", q.name(), q.file()).isNotEmpty();
      }
    }
  }

  @Test
  void someAnswersAreTheOnesTheTablesHold() {
    List<Row> rows = spark.sql(sql("transfer_summary")).collectAsList();
    assertThat(rows)
        .singleElement()
        .satisfies(r -> assertThat(r.<String>getAs("train_langs")).isEqualTo("en,de"));
    assertThat(spark.sql(sql("scaling_points")).count()).isEqualTo(4);
    assertThat(spark.sql(sql("failed_runs")).collectAsList())
        .extracting(r -> r.<String>getAs("status"))
        .containsExactly("bad-input");
    Row sw =
        spark.sql(sql("off_target_by_language")).filter("model = 'base' and lang = 'sw'").first();
    assertThat(sw.<Double>getAs("off_target_rate")).isEqualTo(0.25);
    // the SQL off-target rate is the aggregate job's definition
    Row m =
        spark
            .sql("SELECT off_target_rate FROM metrics WHERE model = 'base' AND lang = 'sw'")
            .first();
    assertThat(m.getDouble(0)).isEqualTo(0.25);
  }

  private static String sql(String name) {
    try {
      return allQueries().stream()
          .filter(q -> q.name().equals(name))
          .findFirst()
          .orElseThrow()
          .sql();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void ipynbIsNbformat4AndRunsTheSameQueries() throws IOException {
    JsonNode nb = new ObjectMapper().readTree(notebooks().resolve("polyreason.ipynb").toFile());
    assertThat(nb.path("nbformat").asInt()).isEqualTo(4);
    assertThat(nb.path("cells").isArray()).isTrue();
    List<String> notebookSql = new ArrayList<>();
    Pattern sqlCall = Pattern.compile("spark\\.sql\\(\"\"\"\\n(.*?)\\n\"\"\"\\)", Pattern.DOTALL);
    String setup = null;
    for (JsonNode cell : nb.path("cells")) {
      assertThat(cell.path("cell_type").asText()).isIn("code", "markdown");
      StringBuilder src = new StringBuilder();
      cell.path("source").forEach(line -> src.append(line.asText()));
      if (cell.path("cell_type").asText().equals("code")) {
        assertThat(cell.has("outputs")).isTrue();
        if (setup == null) {
          setup = src.toString();
        }
        Matcher m = sqlCall.matcher(src);
        while (m.find()) {
          notebookSql.add(m.group(1).strip());
        }
      }
    }
    assertThat(setup)
        .contains("WAREHOUSE")
        .contains("spark.read.parquet")
        .contains("createOrReplaceTempView");
    for (String table : TABLES) {
      assertThat(setup).contains("'" + table + "'");
    }
    assertThat(notebookSql)
        .as(
            "queries of polyreason.ipynb vs the .sql files; regenerate with "
                + "python3 notebooks-export/export_ipynb.py")
        .containsExactlyElementsOf(allQueries().stream().map(Query::sql).toList());
  }
}
