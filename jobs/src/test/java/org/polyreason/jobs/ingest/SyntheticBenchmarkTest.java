package org.polyreason.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.Character.UnicodeScript;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polyreason.common.UserException;
import org.polyreason.testing.CliRun;
import org.polyreason.testing.SparkTestBase;

/** The generated benchmark: aligned across languages, seeded, train/test disjoint, counted. */
class SyntheticBenchmarkTest extends SparkTestBase {
  static final List<String> LANGS = List.of("en", "de", "es", "fr", "sw", "ru", "zh", "th");
  static final Pattern STEP = Pattern.compile("(\\d+)([+*-])(\\d+)=(\\d+)\\. ");

  @TempDir Path warehouse;

  static Map<String, List<ProblemRecord>> byLang(SyntheticBenchmark b) {
    Map<String, List<ProblemRecord>> m = new LinkedHashMap<>();
    for (String l : LANGS) {
      m.put(l, b.problems(l));
    }
    return m;
  }

  @Test
  void everyLanguageHoldsTheSameProblemsWithTheSameNumbersAndAnswers() {
    Map<String, List<ProblemRecord>> m = byLang(new SyntheticBenchmark(7, 500, 300));
    assertThat(Alignment.check("synthetic", m, true)).isEmpty();
    List<ProblemRecord> en = m.get("en");
    int checked = 0;
    for (String l : LANGS) {
      List<ProblemRecord> rows = m.get(l);
      assertThat(rows).hasSize(800);
      for (int i = 0; i < rows.size(); i++) {
        ProblemRecord r = rows.get(i);
        assertThat(r.problemId()).isEqualTo(en.get(i).problemId());
        assertThat(r.answer()).isEqualTo(en.get(i).answer());
        assertThat(r.rawAnswer()).isEqualTo(en.get(i).rawAnswer());
        assertThat(r.subset()).isEqualTo(en.get(i).subset());
        assertThat(r.question()).doesNotContain("{", "}");
        // the same numbers, in the same order, appear in every language's question
        assertThat(numbers(r.question())).as(r.question()).isEqualTo(numbers(en.get(i).question()));
        checked++;
      }
    }
    assertThat(checked).isEqualTo(8 * 800);
  }

  @Test
  void workedAnswersAreCorrectArithmeticEndingInTheAnswer() {
    int steps = 0;
    for (ProblemRecord r : new SyntheticBenchmark(11, 2000, 400).problems("en")) {
      String w = r.rawAnswer();
      assertThat(w).endsWith(". #" + r.answer());
      Matcher m = STEP.matcher(w);
      int last = -1;
      int count = 0;
      while (m.find()) {
        long a = Long.parseLong(m.group(1));
        long b = Long.parseLong(m.group(3));
        long result =
            switch (m.group(2)) {
              case "+" -> a + b;
              case "-" -> a - b;
              default -> a * b;
            };
        assertThat(Long.parseLong(m.group(4))).as(w).isEqualTo(result);
        last = (int) result;
        count++;
      }
      assertThat(count).as(w).isEqualTo(r.level().equals("2-step") ? 2 : 1);
      assertThat(Integer.toString(last)).isEqualTo(r.answer());
      assertThat(last).isPositive();
      steps += count;
    }
    assertThat(steps).isGreaterThan(2400);
  }

  @Test
  void theSameSeedGivesTheSameProblemsAndAnotherSeedOthers() {
    List<ProblemRecord> a = new SyntheticBenchmark(3, 200, 300).problems("th");
    List<ProblemRecord> b = new SyntheticBenchmark(3, 200, 300).problems("th");
    List<ProblemRecord> c = new SyntheticBenchmark(4, 200, 300).problems("th");
    assertThat(a).hasSize(500).isEqualTo(b);
    assertThat(a.stream().map(ProblemRecord::question).toList())
        .isNotEqualTo(c.stream().map(ProblemRecord::question).toList());
    // more training problems leave the test split untouched (it is drawn first)
    List<ProblemRecord> more = new SyntheticBenchmark(3, 900, 300).problems("th");
    assertThat(more.subList(0, 300)).isEqualTo(a.subList(0, 300));
  }

  @Test
  void trainAndTestShareNoTemplateAndNumbersKey() {
    List<SyntheticBenchmark.Draw> draws = new SyntheticBenchmark(5, 20_000, 1000).draws();
    Set<String> test = new HashSet<>();
    Set<String> train = new HashSet<>();
    for (SyntheticBenchmark.Draw d : draws) {
      (d.split().equals("test") ? test : train).add(d.key());
    }
    assertThat(test).hasSize(1000);
    assertThat(train).hasSize(20_000);
    assertThat(train).doesNotContainAnyElementsOf(test);
    // every template occurs in the test split
    assertThat(
            draws.stream()
                .filter(d -> d.split().equals("test"))
                .map(d -> d.template())
                .distinct()
                .count())
        .isEqualTo(8);
  }

  @Test
  void atLeastThreeLanguagesAreWrittenInNonLatinScripts() {
    SyntheticBenchmark b = new SyntheticBenchmark(1, 0, 300);
    Map<String, UnicodeScript> scripts = new LinkedHashMap<>();
    for (String l : LANGS) {
      String q = b.problems(l).get(0).question();
      scripts.put(
          l,
          q.codePoints()
              .filter(Character::isLetter)
              .mapToObj(UnicodeScript::of)
              .findFirst()
              .orElseThrow());
    }
    assertThat(scripts)
        .containsEntry("ru", UnicodeScript.CYRILLIC)
        .containsEntry("zh", UnicodeScript.HAN)
        .containsEntry("th", UnicodeScript.THAI)
        .containsEntry("en", UnicodeScript.LATIN);
  }

  @Test
  void ingestWritesTheSplitIntoTheSubsetColumn() {
    CliRun run =
        CliRun.of(
            "ingest",
            "--set",
            "polyreason.warehouse=" + warehouse,
            "--set",
            "polyreason.ingest.benchmarks=[synthetic]",
            "--set",
            "polyreason.ingest.languages=[en, zh, sw]",
            "--set",
            "polyreason.ingest.synthetic.train-problems=50",
            "--set",
            "polyreason.ingest.synthetic.test-problems=300");
    assertThat(run.exitCode()).as(run.err()).isZero();
    var problems = spark.read().parquet(warehouse.resolve("problems").toString());
    assertThat(problems.count()).isEqualTo(3 * 350);
    assertThat(problems.filter("subset = 'test'").groupBy("lang").count().collectAsList())
        .extracting(r -> r.getString(0) + "=" + r.getLong(1))
        .containsExactlyInAnyOrder("en=300", "zh=300", "sw=300");
    assertThat(problems.filter("benchmark != 'synthetic' or answer_kind != 'integer'").count())
        .isZero();
  }

  @Test
  void tooManyProblemsForTheNumberRangesIsAUserError() {
    assertThat(SyntheticBenchmark.KEY_SPACE).isEqualTo(144_988);
    assertThatThrownBy(() -> new SyntheticBenchmark(1, 72_000, 500).draws())
        .isInstanceOf(UserException.class)
        .hasMessageContaining("at most 72494 in all");
    // just below the limit every key is still distinct
    assertThat(new SyntheticBenchmark(1, 71_994, 500).draws()).hasSize(72_494);
    CliRun run =
        CliRun.of(
            "ingest",
            "--set",
            "polyreason.warehouse=" + warehouse,
            "--set",
            "polyreason.ingest.benchmarks=[synthetic]",
            "--set",
            "polyreason.ingest.synthetic.test-problems=0");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("polyreason.ingest.synthetic.test-problems");
  }

  private static List<String> numbers(String text) {
    return Pattern.compile("\\d+").matcher(text).results().map(m -> m.group()).toList();
  }
}
