package org.polyreason.jobs.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.polyreason.jobs.report.SeriesFixtures.point;
import static org.polyreason.jobs.report.SeriesFixtures.series;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.polyreason.jobs.report.ReportData.FirstStepRates;

class FirstStepSectionTest {

  private static final Map<String, Map<String, FirstStepRates>> RATES = new LinkedHashMap<>();

  static {
    RATES.put(
        "n1",
        Map.of(
            "en", new FirstStepRates(0.5, 1.0, 0.8),
            "de", new FirstStepRates(0.2, 0.4, 0.6),
            "fr", new FirstStepRates(0.1, 0.3, 0.7)));
    RATES.put(
        "n2",
        Map.of(
            "en", new FirstStepRates(0.4, 0.9, 0.8),
            "de", new FirstStepRates(0.4, 0.7, 0.8),
            "fr", new FirstStepRates(0.2, 0.4, 0.6)));
  }

  private static final Map<String, List<String>> TRAIN =
      Map.of("n1", List.of("en"), "n2", List.of("en", "de"));

  @Test
  void comparesEachModelsOwnLanguagesWithTheHeldOutOnesPerN() {
    String r =
        FirstStepSection.reading(
            series(point(1, "n1"), point(2, "n2")),
            RATES,
            TRAIN,
            new LinkedHashSet<>(List.of("en", "de", "fr")));
    // N = 1: own = en; N = 2: own = en and de (means 0.40, 0.80); held out: fr alone (de is a
    // training language of n2)
    assertThat(r)
        .contains(
            "own post-training languages 0.50 / 1.00 at N = 1, 0.40 / 0.80 at N = 2",
            "held-out languages (fr) 0.10 / 0.30 at N = 1, 0.20 / 0.40 at N = 2",
            "held-out operator rate goes from 0.30 at N = 1 to 0.40 at N = 2, against 0.80–1.00"
                + " in the training languages");
  }

  @Test
  void aModelWithoutRatesAddsNothingAndUnknownTrainingLanguagesGiveNoReading() {
    String withExtra =
        FirstStepSection.reading(
            series(point(1, "n1", "n1-not-generated"), point(2, "n2")),
            RATES,
            TRAIN,
            new LinkedHashSet<>(List.of("en", "de", "fr")));
    assertThat(withExtra).contains("0.50 / 1.00 at N = 1");
    assertThat(
            FirstStepSection.reading(
                series(point(1, "n1"), point(2, "n2")),
                RATES,
                Map.of("n1", List.of("en")),
                new LinkedHashSet<>(List.of("en", "de", "fr"))))
        .isEmpty();
  }
}
