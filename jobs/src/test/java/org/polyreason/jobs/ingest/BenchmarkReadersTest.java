package org.polyreason.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.polyreason.testing.SharedData;

/** Each reader on the real benchmark files in ../shared, with exact counts and answer quirks. */
class BenchmarkReadersTest {
  static SourceFiles files;

  @BeforeAll
  static void open() {
    files = new SourceFiles(SharedData.require("data/benchmarks").toString());
  }

  private static Map<String, List<ProblemRecord>> readAll(BenchmarkReader reader) {
    return reader.availableLanguages(files).stream()
        .collect(Collectors.toMap(Function.identity(), l -> reader.read(files, l)));
  }

  private static void assertAligned(
      BenchmarkReader reader, Map<String, List<ProblemRecord>> byLang) {
    assertThat(Alignment.check(reader.name(), new java.util.TreeMap<>(byLang), true)).isEmpty();
  }

  @Test
  void mgsmHas11LanguagesOf250() {
    var r = new BuiltinReaders.Mgsm();
    var byLang = readAll(r);
    assertThat(byLang.keySet())
        .containsExactlyInAnyOrder(
            "bn", "de", "en", "es", "fr", "ja", "ru", "sw", "te", "th", "zh");
    byLang.values().forEach(v -> assertThat(v).hasSize(250));
    assertAligned(r, byLang);
    // thousands separators are stripped: "2,125" -> 2125
    assertThat(
            byLang.get("en").stream()
                .filter(p -> p.rawAnswer().contains(","))
                .map(ProblemRecord::answer))
        .hasSize(4)
        .allMatch(a -> a.matches("\\d+"));
    // the Spanish row with a stray quote is read verbatim (no quote handling)
    assertThat(byLang.get("es").stream().anyMatch(p -> p.question().contains("\""))).isTrue();
    assertThat(byLang.get("en").get(0).sourceLine()).isEqualTo(1);
  }

  @Test
  void msvampHas10LanguagesOf1000WithFloatAnswersAsIntegers() {
    var r = new BuiltinReaders.Msvamp();
    var byLang = readAll(r);
    assertThat(byLang).hasSize(10).doesNotContainKey("te");
    byLang.values().forEach(v -> assertThat(v).hasSize(1000));
    assertAligned(r, byLang);
    ProblemRecord first = byLang.get("de").get(0);
    assertThat(first.rawAnswer()).isEqualTo("8.0");
    assertThat(first.answer()).isEqualTo("8");
    assertThat(first.answerKind()).isEqualTo("integer");
  }

  @Test
  void mmathHas10LanguagesOf374WithSubsetsAndLatex() {
    var r = new BuiltinReaders.Mmath();
    var byLang = readAll(r);
    assertThat(byLang).hasSize(10);
    byLang.values().forEach(v -> assertThat(v).hasSize(374));
    assertAligned(r, byLang);
    Map<String, Long> subsets =
        byLang.get("en").stream()
            .collect(Collectors.groupingBy(ProblemRecord::subset, Collectors.counting()));
    assertThat(subsets)
        .containsEntry("MATH500", 311L)
        .containsEntry("AIME2024", 30L)
        .containsEntry("AIME2025", 15L)
        .containsEntry("CNMO", 18L);
    assertThat(
            byLang.get("en").stream()
                .filter(p -> p.subset().equals("CNMO"))
                .map(ProblemRecord::answerKind))
        .contains("latex");
  }

  @Test
  void polymathHas18LanguagesOf4LevelsOf125() {
    var r = new BuiltinReaders.Polymath();
    var byLang = readAll(r);
    assertThat(byLang).hasSize(18);
    for (var v : byLang.values()) {
      assertThat(v).hasSize(500);
      assertThat(
              v.stream()
                  .collect(Collectors.groupingBy(ProblemRecord::level, Collectors.counting())))
          .containsOnly(
              Map.entry("low", 125L),
              Map.entry("medium", 125L),
              Map.entry("high", 125L),
              Map.entry("top", 125L));
    }
    assertAligned(r, byLang);
    assertThat(byLang.get("ja").get(0).problemId()).isEqualTo("low-0");
    assertThat(
            byLang.get("en").stream()
                .filter(p -> p.level().equals("low"))
                .map(ProblemRecord::answerKind))
        .allMatch(k -> k.equals("integer") || k.equals("decimal"));
  }

  @Test
  void xreasoningHas11LanguagesOf60WithZeroPaddingNormalised() {
    var r = new BuiltinReaders.Xreasoning();
    var byLang = readAll(r);
    assertThat(byLang).hasSize(11);
    byLang.values().forEach(v -> assertThat(v).hasSize(60));
    assertAligned(r, byLang);
    assertThat(
            byLang.get("en").stream()
                .filter(p -> p.rawAnswer().equals("025"))
                .map(ProblemRecord::answer))
        .containsExactly("25");
    assertThat(byLang.get("en").stream().map(ProblemRecord::subset).distinct())
        .containsExactly("aime2024", "aime2025");
  }
}
