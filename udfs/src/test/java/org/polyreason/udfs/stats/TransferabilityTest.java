package org.polyreason.udfs.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.polyreason.udfs.stats.Transferability.Mode;

class TransferabilityTest {

  private static final Set<String> EN = Set.of("en");
  private static final Map<String, Double> BASE = Map.of("en", 0.50, "de", 0.40, "zh", 0.30);
  private static final Map<String, Double> MODEL = Map.of("en", 0.70, "de", 0.50, "zh", 0.40);

  @Test
  void absoluteHandExample() {
    // Δ: en 0.2, de 0.1, zh 0.1 → MTI = 0.1 / 0.2 = 0.5.
    var r = Transferability.compute(MODEL, BASE, EN, Set.of("en", "de", "zh"));
    assertThat(r.nullReason()).isNull();
    assertThat(r.mti()).isCloseTo(0.5, within(1e-12));
    assertThat(r.meanGainTrain()).isCloseTo(0.2, within(1e-12));
    assertThat(r.meanGainUnseen()).isCloseTo(0.1, within(1e-12));
    assertThat(r.gain()).containsOnlyKeys("de", "en", "zh");
    assertThat(r.transferRatio().get("en")).isCloseTo(1.0, within(1e-12));
    assertThat(r.transferRatio().get("de")).isCloseTo(0.5, within(1e-12));
    // (0.70 − 0.45) − (0.50 − 0.35) = 0.10
    assertThat(r.gapChange()).isCloseTo(0.10, within(1e-12));
  }

  @Test
  void relativeHandExample() {
    // Δ/Acc_B: en 0.4, de 0.25, zh 1/3 → MTI = (0.25 + 1/3)/2 / 0.4 = 0.729166…
    var r = Transferability.compute(MODEL, BASE, EN, Set.of("en", "de", "zh"), Mode.RELATIVE, 0.02);
    assertThat(r.meanGainTrain()).isCloseTo(0.4, within(1e-12));
    assertThat(r.meanGainUnseen()).isCloseTo((0.25 + 1.0 / 3) / 2, within(1e-12));
    assertThat(r.mti()).isCloseTo((0.25 + 1.0 / 3) / 2 / 0.4, within(1e-12));
    assertThat(r.gapChange()).isCloseTo(0.10, within(1e-12)); // gap change is on accuracies
  }

  @Test
  void relativeGainWithZeroBaseAccuracyIsExcludedWithReason() {
    var base = Map.of("en", 0.50, "de", 0.40, "te", 0.0);
    var model = Map.of("en", 0.70, "de", 0.50, "te", 0.05);
    var r = Transferability.compute(model, base, EN, Set.of("en", "de", "te"), Mode.RELATIVE, 0.02);
    assertThat(r.excluded()).containsEntry("te", "relative gain undefined: base accuracy is 0");
    assertThat(r.gain()).doesNotContainKey("te");
    assertThat(r.mti()).isCloseTo(0.25 / 0.4, within(1e-12));
    // te still counts in the gap change: (0.70 − 0.275) − (0.50 − 0.20) = 0.125
    assertThat(r.gapChange()).isCloseTo(0.125, within(1e-12));
  }

  @Test
  void skyworkPublishedCaseIsNullBecauseInLanguageGainIsTooSmall() {
    // Consistent with DESIGN.md: English gain −1.6 points, mean unseen gain 13.76 points, ratio
    // −8.6.
    var base = Map.of("en", 0.400, "zh", 0.200, "ja", 0.150);
    var model = Map.of("en", 0.384, "zh", 0.3376, "ja", 0.2876);
    var langs = Set.of("en", "zh", "ja");
    var r = Transferability.compute(model, base, EN, langs);
    assertThat(r.mti()).isNull();
    assertThat(r.nullReason()).isEqualTo("in-language gain |mean_T Δ| = 0.016 < min 0.02");
    assertThat(r.transferRatio()).isNull();
    assertThat(r.meanGainTrain()).isCloseTo(-0.016, within(1e-12));
    assertThat(r.meanGainUnseen()).isCloseTo(0.1376, within(1e-12));
    assertThat(r.meanGainUnseen() / r.meanGainTrain()).isCloseTo(-8.6, within(1e-9));
    // Gap change = Δ_T − Δ_unseen here: −0.016 − 0.1376
    assertThat(r.gapChange()).isCloseTo(-0.1536, within(1e-12));
    // The ill-conditioned ratio only appears once the guard is lowered.
    var unguarded = Transferability.compute(model, base, EN, langs, Mode.ABSOLUTE, 0.01);
    assertThat(unguarded.mti()).isCloseTo(-8.6, within(1e-9));
  }

  @Test
  void noUnseenLanguagesGivesNullMtiButTransferRatios() {
    var r =
        Transferability.compute(MODEL, BASE, Set.of("en", "de", "zh"), Set.of("en", "de", "zh"));
    assertThat(r.mti()).isNull();
    assertThat(r.nullReason()).isEqualTo("no unseen languages");
    assertThat(r.gapChange()).isNull();
    assertThat(r.transferRatio()).containsKeys("en", "de", "zh");
  }

  @Test
  void missingDataAndUnevaluatedTrainingLanguagesAreExcluded() {
    var r =
        Transferability.compute(
            MODEL, Map.of("en", 0.5, "de", 0.4), Set.of("en", "fr"), Set.of("en", "de", "zh"));
    assertThat(r.excluded())
        .containsEntry("fr", "training language not evaluated")
        .containsEntry("zh", "no accuracy for the base");
    assertThat(r.mti()).isCloseTo(0.5, within(1e-12));
    var none = Transferability.compute(MODEL, BASE, Set.of("fr"), Set.of("en", "de"));
    assertThat(none.mti()).isNull();
    assertThat(none.nullReason()).isEqualTo("no training language with a gain");
  }

  @Test
  void badInputFails() {
    assertThatThrownBy(() -> Transferability.compute(Map.of("en", 70.0), BASE, EN, EN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("en is 70.0");
    assertThat(Mode.parse(" Relative ")).isEqualTo(Mode.RELATIVE);
    assertThatThrownBy(() -> Mode.parse("ratio")).hasMessageContaining("'ratio'");
  }
}
