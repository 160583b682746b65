package org.polyreason.jobs.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The scaling figure's y range follows what is measured, not a fitted curve or parameter-CI band
 * that runs orders of magnitude away (a power law over 3 points had b in [-0.27, 5.05], a band up
 * to 39 beside points near 0.05; a saturating fit reached -2e11 at N = 1): those stop at the edge.
 */
class ChartsRangeTest {
  @Test
  void rangeIsTheMeasuredValuesPaddedAndCurvesAreClippedToIt() {
    double[] range =
        Charts.plotRange(
            List.of(List.of(0.02, 0.05, 0.08), List.of(0.013, 0.044), List.of(Double.NaN)));
    assertThat(range[0]).isCloseTo(0.013 - 0.0067, within(1e-9));
    assertThat(range[1]).isCloseTo(0.08 + 0.0067, within(1e-9));
    assertThat(Charts.insidePlot(List.of(-3.0, 0.05, 39.0, Double.NaN), range))
        .containsExactly(Double.NaN, 0.05, Double.NaN, Double.NaN);
  }

  @Test
  void aFlatOrEmptyPlotStillHasARange() {
    assertThat(Charts.plotRange(List.of(List.of(0.0, 0.0)))).containsExactly(-0.005, 0.005);
    assertThat(Charts.plotRange(List.of())).containsExactly(0, 1);
  }
}
