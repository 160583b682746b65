package org.polyreason.jobs.paralleldata;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polyreason.testing.CliRun;
import org.polyreason.testing.SharedData;
import org.polyreason.testing.SparkTestBase;

/**
 * parallel-data on the real MSVAMP problems, N = 1..5 at a budget of 600, MGSM as the evaluation
 * benchmark; the trainer files are read back with parquet-hadoop (not Spark).
 */
class ParallelDataJobTest extends SparkTestBase {
  @TempDir static Path warehouse;
  static final List<String> ORDER =
      List.of("en", "es", "fr", "de", "ru", "zh", "ja", "th", "sw", "bn");

  /** The verl RL layout, exactly as verl's RLHFDataset and reward manager read it (README). */
  static final String VERL_SCHEMA =
      """
      message spark_schema {
        optional binary data_source (STRING);
        optional group prompt (LIST) {
          repeated group list {
            optional group element {
              optional binary role (STRING);
              optional binary content (STRING);
            }
          }
        }
        optional binary ability (STRING);
        optional group reward_model {
          optional binary style (STRING);
          optional binary ground_truth (STRING);
        }
        optional group extra_info {
          optional binary split (STRING);
          optional int64 index;
          optional binary benchmark (STRING);
          optional binary problem_id (STRING);
          optional binary lang (STRING);
          optional binary think_lang (STRING);
          optional binary parallel_group (STRING);
        }
      }
      """;

  static CliRun cli(Path wh, String job, String... sets) {
    List<String> args = new ArrayList<>(List.of(job, "--set", "polyreason.warehouse=" + wh));
    for (String s : sets) {
      args.add("--set");
      args.add(s);
    }
    return CliRun.of(args.toArray(String[]::new));
  }

  static CliRun build(Path wh, String... extra) {
    List<String> sets =
        new ArrayList<>(
            List.of(
                "polyreason.parallel-data.benchmarks=[msvamp]",
                "polyreason.parallel-data.languages=[" + String.join(",", ORDER) + "]",
                "polyreason.parallel-data.n-list=[1,2,3,4,5]",
                "polyreason.parallel-data.budget=600"));
    sets.addAll(List.of(extra));
    return cli(wh, "parallel-data", sets.toArray(String[]::new));
  }

  @BeforeAll
  static void ingest() {
    Path data = SharedData.require("data/benchmarks");
    CliRun run =
        cli(
            warehouse,
            "ingest",
            "polyreason.data-root=" + data,
            "polyreason.ingest.benchmarks=[msvamp, mgsm]");
    assertThat(run.exitCode()).as(run.err()).isZero();
  }

  @Test
  void fiveFixedBudgetSetsOf600RowsInTheLanguageOrderDisjointFromMgsm() throws IOException {
    CliRun run = build(warehouse, "polyreason.parallel-data.eval-benchmarks=[mgsm]");
    assertThat(run.exitCode()).as(run.err()).isZero();
    Path out = warehouse.resolve("trainer-data");
    Map<Integer, Set<String>> problemsOf = new HashMap<>();
    int checkedRows = 0;
    for (int n = 1; n <= 5; n++) {
      Path dir = out.resolve("fixed-budget-n" + n);
      List<Group> rows = new ArrayList<>();
      for (String split : List.of("train", "val")) {
        Path file = dir.resolve("verl").resolve(split + ".parquet");
        assertThat(schemaOf(file))
            .as("verl schema of %s", file)
            .isEqualTo(MessageTypeParser.parseMessageType(VERL_SCHEMA));
        List<Group> read = readAll(file);
        assertThat(read)
            .allSatisfy(
                g ->
                    assertThat(g.getGroup("extra_info", 0).getString("split", 0)).isEqualTo(split));
        rows.addAll(read);
        for (String format : List.of("skyrl", "sft")) {
          assertThat(readAll(dir.resolve(format).resolve(split + ".parquet"))).hasSize(read.size());
        }
      }
      assertThat(rows).as("rows of set n%d", n).hasSize(600);
      Map<String, Set<String>> langsByProblem = new HashMap<>();
      Map<String, String> splitByProblem = new HashMap<>();
      for (Group g : rows) {
        Group info = g.getGroup("extra_info", 0);
        String pid = info.getString("problem_id", 0);
        assertThat(g.getString("data_source", 0)).isEqualTo("polyreason/msvamp");
        assertThat(g.getString("ability", 0)).isEqualTo("math");
        assertThat(g.getGroup("reward_model", 0).getString("style", 0)).isEqualTo("rule");
        assertThat(g.getGroup("reward_model", 0).getString("ground_truth", 0)).isNotBlank();
        Group msg = g.getGroup("prompt", 0).getGroup("list", 0).getGroup("element", 0);
        assertThat(msg.getString("role", 0)).isEqualTo("user");
        assertThat(msg.getString("content", 0)).contains("\\boxed{}");
        assertThat(info.getString("parallel_group", 0)).isEqualTo("msvamp/" + pid);
        assertThat(info.getString("think_lang", 0)).isEqualTo(info.getString("lang", 0));
        langsByProblem.computeIfAbsent(pid, k -> new HashSet<>()).add(info.getString("lang", 0));
        String before = splitByProblem.put(pid, info.getString("split", 0));
        assertThat(before == null || before.equals(info.getString("split", 0)))
            .as("problem %s in one split only", pid)
            .isTrue();
        checkedRows++;
      }
      assertThat(langsByProblem).as("distinct problems of n%d", n).hasSize(600 / n);
      Set<String> expectedLangs = new HashSet<>(ORDER.subList(0, n));
      assertThat(langsByProblem.values()).allSatisfy(l -> assertThat(l).isEqualTo(expectedLangs));
      long val = splitByProblem.values().stream().filter("val"::equals).count();
      assertThat(val).as("validation problems of n%d", n).isEqualTo(Math.round(600.0 / n * 0.1));
      problemsOf.put(n, langsByProblem.keySet());
    }
    // One seeded order: the M/N problems of set N+1 are the first of those of set N.
    for (int n = 2; n <= 5; n++) {
      assertThat(problemsOf.get(n - 1)).containsAll(problemsOf.get(n));
    }
    assertThat(checkedRows).isEqualTo(3000);

    // Disjoint from MGSM both by id (different benchmarks) and by normalised text, checked here
    // independently of the job with plain Java over the problems table.
    Set<String> mgsmTexts = new HashSet<>();
    for (Row r :
        spark
            .read()
            .parquet(warehouse.resolve("problems").toString())
            .filter("benchmark = 'mgsm'")
            .select("question")
            .collectAsList()) {
      mgsmTexts.add(ParallelDataTransforms.normalizeQuestion(r.getString(0)));
    }
    assertThat(mgsmTexts).hasSizeGreaterThan(2700);
    List<Row> trainTexts =
        spark
            .read()
            .parquet(warehouse.resolve("training_sets").toString())
            .select("question")
            .distinct()
            .collectAsList();
    assertThat(trainTexts).hasSizeGreaterThan(1000);
    assertThat(trainTexts)
        .noneMatch(
            r -> mgsmTexts.contains(ParallelDataTransforms.normalizeQuestion(r.getString(0))));

    // Deterministic: a rerun with the same seed writes the same rows; another seed draws others.
    List<Row> first = setRows(warehouse);
    assertThat(build(warehouse, "polyreason.parallel-data.eval-benchmarks=[mgsm]").exitCode())
        .isZero();
    assertThat(setRows(warehouse)).isEqualTo(first);
    assertThat(
            build(
                    warehouse,
                    "polyreason.parallel-data.seed=99",
                    "polyreason.parallel-data.formats=[verl]")
                .exitCode())
        .isZero();
    assertThat(setRows(warehouse)).isNotEqualTo(first).hasSameSizeAs(first);
  }

  static List<Row> setRows(Path wh) {
    return spark
        .read()
        .parquet(wh.resolve("training_sets").toString())
        .select("set", "split", "idx", "benchmark", "problem_id", "lang", "prompt")
        .orderBy("set", "split", "idx")
        .collectAsList();
  }

  @Test
  void theFixedProblemsDesignKeepsTheSameProblemsForEveryN() {
    Path wh = warehouse;
    CliRun run =
        build(
            wh,
            "polyreason.parallel-data.design=fixed-problems",
            "polyreason.parallel-data.problems=50",
            "polyreason.parallel-data.formats=[verl]",
            "polyreason.parallel-data.n-list=[1,3]");
    assertThat(run.exitCode()).as(run.err()).isZero();
    var sets = spark.read().parquet(wh.resolve("training_sets").toString());
    assertThat(sets.filter("set = 'fixed-problems-n1'").count()).isEqualTo(50);
    assertThat(sets.filter("set = 'fixed-problems-n3'").count()).isEqualTo(150);
    assertThat(
            sets.filter("set = 'fixed-problems-n1'")
                .select("problem_id")
                .distinct()
                .except(sets.filter("set = 'fixed-problems-n3'").select("problem_id").distinct())
                .count())
        .isZero();
    assertThat(Files.exists(wh.resolve("trainer-data/fixed-problems-n3/verl/train.parquet")))
        .isTrue();
  }

  @Test
  void leakageByIdAndByNormalisedTextIsFatalAndListedUnlessExcluded() throws IOException {
    Path wh = warehouse.resolve("leaky");
    // A second benchmark holding copies of three MSVAMP questions, re-spaced and re-cased.
    List<Row> msvampEn =
        spark
            .read()
            .parquet(warehouse.resolve("problems").toString())
            .filter("benchmark = 'msvamp' and lang = 'en'")
            .orderBy(col("problem_id").cast("int"))
            .limit(1000)
            .collectAsList();
    Path copies = wh.resolve("copies");
    Files.createDirectories(copies);
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 1000; i += 1) {
      Row r = msvampEn.get(i);
      String q =
          i % 10 == 0
              ? r.<String>getAs("question").toUpperCase(java.util.Locale.ROOT).replace(" ", "  ")
              : "Different question number " + i + "?";
      lines.add(
          json.writeValueAsString(
              Map.of("id", "c" + i, "question", q, "answer", r.getAs("answer"))));
    }
    Files.write(copies.resolve("en.jsonl"), lines);
    CliRun ing =
        cli(
            wh,
            "ingest",
            "polyreason.data-root=" + SharedData.require("data/benchmarks"),
            "polyreason.ingest.benchmarks=[msvamp, copies]",
            "polyreason.ingest.generic=[{name=copies, path=\""
                + copies
                + "/{lang}.jsonl\", languages=[en], "
                + "id-field=id, question-field=question, answer-field=answer}]");
    assertThat(ing.exitCode()).as(ing.err()).isZero();

    CliRun byText = build(wh, "polyreason.parallel-data.eval-benchmarks=[copies]");
    assertThat(byText.exitCode()).as(byText.err()).isEqualTo(2);
    assertThat(byText.errLines())
        .singleElement()
        .asString()
        .contains("parallel-data: Leakage: ")
        .contains("msvamp/", " = copies/c", "(text)", "leakage = exclude");

    CliRun byId = build(wh, "polyreason.parallel-data.eval-benchmarks=[msvamp]");
    assertThat(byId.exitCode()).isEqualTo(2);
    assertThat(byId.errLines())
        .singleElement()
        .asString()
        .contains("parallel-data: Leakage: ")
        .contains("(id)");
    assertThat(Files.exists(wh.resolve("training_sets"))).isFalse();

    CliRun excluded =
        build(
            wh,
            "polyreason.parallel-data.eval-benchmarks=[copies]",
            "polyreason.parallel-data.leakage=exclude",
            "polyreason.parallel-data.formats=[verl]");
    assertThat(excluded.exitCode()).as(excluded.err()).isZero();
    Set<String> copied = new HashSet<>();
    for (int i = 0; i < 1000; i += 10) {
      copied.add(msvampEn.get(i).getAs("problem_id"));
    }
    List<Row> used =
        spark
            .read()
            .parquet(wh.resolve("training_sets").toString())
            .select("problem_id")
            .distinct()
            .collectAsList();
    assertThat(used).hasSize(600).noneMatch(r -> copied.contains(r.getString(0)));
  }

  @Test
  void aBudgetLargerThanThePoolExits2NamingBoth() {
    CliRun run =
        build(
            warehouse,
            "polyreason.parallel-data.budget=5000",
            "polyreason.parallel-data.n-list=[1]");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines())
        .singleElement()
        .asString()
        .contains("needs 5000 problems", "pool has 1000");
  }

  @Test
  void languagesMustStartWithEnglish() {
    CliRun run = build(warehouse, "polyreason.parallel-data.languages=[de, en]");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines())
        .singleElement()
        .asString()
        .contains("polyreason.parallel-data.languages", "English first");
  }

  static MessageType schemaOf(Path file) throws IOException {
    try (var reader =
        ParquetFileReader.open(
            HadoopInputFile.fromPath(
                new org.apache.hadoop.fs.Path(file.toUri()), new Configuration()))) {
      return reader.getFooter().getFileMetaData().getSchema();
    }
  }

  static List<Group> readAll(Path file) throws IOException {
    List<Group> rows = new ArrayList<>();
    try (ParquetReader<Group> reader =
        ParquetReader.builder(new GroupReadSupport(), new org.apache.hadoop.fs.Path(file.toUri()))
            .build()) {
      for (Group g = reader.read(); g != null; g = reader.read()) {
        rows.add(g);
      }
    }
    return rows;
  }
}
