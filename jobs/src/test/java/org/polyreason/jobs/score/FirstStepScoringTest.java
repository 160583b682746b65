package org.polyreason.jobs.score;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polyreason.testing.CliRun;
import org.polyreason.testing.SparkTestBase;

/**
 * ingest (synthetic) → import → score → aggregate with answers written to fail one first-step check
 * each: every scores row carries the diagnosis its answer was built for, the metrics rates are
 * their shares, and a benchmark without worked answers gets none.
 */
class FirstStepScoringTest extends SparkTestBase {
  @TempDir Path dir;

  private CliRun cli(String job, String... sets) {
    return CliRun.job(dir.resolve("wh"), job, sets);
  }

  /** The kinds of answer, in the order they are dealt to problems, and their expected checks. */
  private static final Map<String, List<Boolean>> KINDS =
      Map.of(
          "right", List.of(true, true, true),
          "operator", List.of(true, false, true),
          "operands", List.of(false, true, true),
          "arithmetic", List.of(true, true, false));

  private static final List<String> DEAL =
      List.of(
          "right",
          "right",
          "right",
          "right",
          "operator",
          "operator",
          "operator",
          "operands",
          "operands",
          "arithmetic");

  @Test
  void everyAnswerGetsTheDiagnosisItWasBuiltForAndTheRatesAreTheirShares() throws Exception {
    CliRun ingest =
        cli(
            "ingest",
            "polyreason.ingest.benchmarks=[synthetic]",
            "polyreason.ingest.synthetic.train-problems=0",
            "polyreason.ingest.synthetic.test-problems=" + DEAL.size());
    assertThat(ingest.exitCode()).as(ingest.err()).isZero();
    List<Row> problems =
        spark
            .read()
            .parquet(dir.resolve("wh/problems").toString())
            .where("lang = 'en'")
            .orderBy("problem_id")
            .collectAsList();
    assertThat(problems).hasSize(DEAL.size());
    StringBuilder jsonl = new StringBuilder();
    Map<String, String> kindOf = new TreeMap<>();
    for (int i = 0; i < problems.size(); i++) {
      Row p = problems.get(i);
      String id = p.getAs("problem_id");
      kindOf.put(id, DEAL.get(i));
      jsonl
          .append("{\"problem_id\": \"")
          .append(id)
          .append("\", \"lang\": \"en\", \"text\": \"")
          .append(answer(p.getAs("raw_answer"), DEAL.get(i)))
          .append("\"}\n");
    }
    Path file = dir.resolve("probe_en.jsonl");
    Files.writeString(file, jsonl);
    CliRun imp =
        cli(
            "import",
            "polyreason.import.format=jsonl",
            "polyreason.import.path=" + file,
            "polyreason.import.model=probe",
            "polyreason.import.benchmark=synthetic",
            "polyreason.import.fields.problem-id=problem_id");
    assertThat(imp.exitCode()).as(imp.err()).isZero();
    assertThat(cli("score").exitCode()).isZero();
    assertThat(cli("aggregate").exitCode()).isZero();

    List<Row> scores = spark.read().parquet(dir.resolve("wh/scores").toString()).collectAsList();
    assertThat(scores).hasSize(DEAL.size());
    for (Row s : scores) {
      String kind = kindOf.get(s.<String>getAs("problem_id"));
      assertThat(
              List.of(
                  s.<Boolean>getAs("first_step_operands"),
                  s.<Boolean>getAs("first_step_operator"),
                  s.<Boolean>getAs("first_step_arithmetic")))
          .as(kind + ": " + s.getAs("problem_id"))
          .isEqualTo(KINDS.get(kind));
      // the diagnosis is beside the verdict, not part of it: only the right answers are correct
      assertThat(s.<Boolean>getAs("correct")).isEqualTo(kind.equals("right"));
    }
    Row en =
        spark
            .read()
            .parquet(dir.resolve("wh/metrics").toString())
            .where("model = 'probe' and lang = 'en'")
            .first();
    // 10 answers: operands right in 8 (not the 2 "operands"), operator in 7, arithmetic in 9
    assertThat(
            List.of(
                en.<Double>getAs("first_step_operands_rate"),
                en.<Double>getAs("first_step_operator_rate"),
                en.<Double>getAs("first_step_arithmetic_rate")))
        .containsExactly(0.8, 0.7, 0.9);
  }

  private static final Pattern FIRST = Pattern.compile("^(\\d+)([-+*])(\\d+)=(-?\\d+)\\.");

  /** The worked answer, changed so that exactly one first-step check fails (or none). */
  static String answer(String worked, String kind) {
    Matcher m = FIRST.matcher(worked);
    assertThat(m.find()).as(worked).isTrue();
    long a = Long.parseLong(m.group(1));
    long b = Long.parseLong(m.group(3));
    String op = m.group(2);
    String equation =
        switch (kind) {
          case "right" -> m.group(0);
          case "operator" -> {
            String other = op.equals("+") ? "*" : "+";
            yield a + other + b + "=" + apply(a, other, b) + ".";
          }
          case "operands" -> (a + 1) + op + b + "=" + apply(a + 1, op, b) + ".";
          default -> a + op + b + "=" + (apply(a, op, b) + 1) + ".";
        };
    // the rest of the worked answer as it was: the final #answer is right only for "right"
    String rest = worked.substring(m.end());
    return equation + (kind.equals("right") ? rest : " #-1");
  }

  private static long apply(long a, String op, long b) {
    return switch (op) {
      case "+" -> a + b;
      case "-" -> a - b;
      default -> a * b;
    };
  }
}
