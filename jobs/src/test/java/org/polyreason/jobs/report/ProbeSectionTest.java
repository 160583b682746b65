package org.polyreason.jobs.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.polyreason.jobs.report.SeriesFixtures.point;
import static org.polyreason.jobs.report.SeriesFixtures.series;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.polyreason.jobs.report.ReportData.ProbeRow;

class ProbeSectionTest {

  private static List<ProbeRow> rows(String model, String base, int deOperation) {
    return List.of(
        new ProbeRow(model, base, "de", "numbers", 200, 104),
        new ProbeRow(model, base, "de", "operation", 200, deOperation),
        new ProbeRow(model, base, "th", "numbers", 200, 96),
        new ProbeRow(model, base, "th", "operation", 200, 100));
  }

  @Test
  void aBaseAtChanceInEveryLanguageIsSaidNotToReadTheOperation() {
    // 200 items: the chance band is 0.5 +- 0.069; 104 / 200 = 0.52 is inside it
    String r = ProbeSection.reading(rows("base", null, 104));
    assertThat(r)
        .contains(
            "numbers probe in 0.50 of comparisons on average (2 languages, at least 200 items"
                + " each; above chance, beyond the 95 % band of ±0.07, in none)",
            "operation probe in 0.51", "It does not read which operation");
  }

  @Test
  void aBaseAboveChanceInOneLanguageReadsItThere() {
    // 150 / 200 = 0.75 is beyond the band
    String r = ProbeSection.reading(rows("base", null, 150));
    assertThat(r).contains("operation probe in 0.63", "in de)", "It reads which operation");
    assertThat(ProbeSection.beyondChance(new ProbeRow("m", null, "de", "numbers", 200, 114)))
        .isTrue();
    assertThat(ProbeSection.beyondChance(new ProbeRow("m", null, "de", "numbers", 200, 113)))
        .isFalse();
    assertThat(ProbeSection.beyondChance(new ProbeRow("m", null, "de", "numbers", 200, 86)))
        .isTrue();
  }

  @Test
  void theTableHasTheBaseAndEveryNWithTheMeanOverItsModels() {
    List<ProbeRow> probes = new java.util.ArrayList<>();
    probes.addAll(rows("b", null, 100));
    probes.addAll(rows("n1-s1", "b", 120));
    probes.addAll(rows("n1-s2", "b", 80));
    probes.addAll(rows("n2-s1", "b", 140));
    probes.addAll(rows("zz-unrelated", null, 200));
    Doc doc = new Doc("t");
    ProbeSection.add(doc, series(point(1, "n1-s1", "n1-s2"), point(2, "n2-s1")), probes, null);
    String md = doc.markdown();
    assertThat(md)
        .contains(
            "| model | de | th |",
            "| base (b) | 0.520 / 0.500 | 0.480 / 0.500 |",
            "| N = 1 | 0.520 / 0.500 | 0.480 / 0.500 |",
            "| N = 2 | 0.520 / 0.700 | 0.480 / 0.500 |",
            "It does not read which operation")
        .doesNotContain("zz-unrelated");
    Doc none = new Doc("t");
    ProbeSection.add(none, series(point(1, "x")), probes, null);
    ProbeSection.add(none, series(point(1, "n1-s1")), null, null);
    assertThat(none.markdown()).doesNotContain("Translation probe");
  }

  private static ReportData.TransferRow pair(String model, String base) {
    return new ReportData.TransferRow(
        model,
        base,
        "synthetic",
        List.of("en"),
        List.of("en", "de", "th"),
        "absolute",
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        java.util.Map.of(),
        12,
        "computed");
  }

  @Test
  void whenOnlyTheBaseWasProbedTheTransferPairsNameIt() {
    List<ProbeRow> probes = new java.util.ArrayList<>(rows("b", null, 100));
    probes.addAll(rows("zz-other-base", null, 150));
    Doc doc = new Doc("t");
    ProbeSection.add(
        doc,
        series(point(1, "n1-s1"), point(2, "n2-s1")),
        probes,
        List.of(pair("n1-s1", "b"), pair("n2-s1", "b"), pair("n2-s1", "n1-s1")));
    String md = doc.markdown();
    assertThat(md)
        .contains("| base (b) | 0.520 / 0.500 | 0.480 / 0.500 |", "It does not read")
        .doesNotContain("N = 1", "zz-other-base");
    Doc none = new Doc("t");
    ProbeSection.add(none, series(point(1, "n1-s1")), probes, List.of());
    assertThat(none.markdown()).doesNotContain("Translation probe");
  }
}
