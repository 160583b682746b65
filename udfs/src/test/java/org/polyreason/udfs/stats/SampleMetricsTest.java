package org.polyreason.udfs.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.polyreason.udfs.stats.SampleMetrics.ProblemSamples;

class SampleMetricsTest {

  private static ProblemSamples p(String id, String answers, String correct) {
    String[] a = answers.split(",", -1);
    boolean[] c = new boolean[correct.length()];
    for (int i = 0; i < c.length; i++) {
      c[i] = correct.charAt(i) == 'T';
    }
    for (int i = 0; i < a.length; i++) {
      a[i] = a[i].equals("-") ? null : a[i];
    }
    return new ProblemSamples(id, c, a);
  }

  @Test
  void avgAtKIsMeanOfCorrectShareOfFirstKSamples() {
    var problems = List.of(p("p1", "1,2,1,2", "TFTF"), p("p2", "3,3,3,4", "TTTF"));
    assertThat(SampleMetrics.avgAtK(problems, 4)).isCloseTo((0.5 + 0.75) / 2, within(1e-15));
    assertThat(SampleMetrics.avgAtK(problems, 2)).isCloseTo((0.5 + 1.0) / 2, within(1e-15));
    assertThatThrownBy(() -> SampleMetrics.avgAtK(problems, 5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("k=5");
  }

  @Test
  void passAtKHandValues() {
    assertThat(SampleMetrics.passAtK(4, 1, 2)).isCloseTo(1 - 3.0 / 6, within(1e-15));
    assertThat(SampleMetrics.passAtK(5, 2, 3)).isCloseTo(1 - 1.0 / 10, within(1e-15));
    assertThat(SampleMetrics.passAtK(10, 0, 3)).isEqualTo(0.0);
    assertThat(SampleMetrics.passAtK(5, 3, 3)).isEqualTo(1.0);
    assertThat(
            SampleMetrics.passAtK(List.of(p("a", "1,1,1,1", "TFFF"), p("b", "1,1,1,1", "FFFF")), 2))
        .isCloseTo(0.25, within(1e-15));
  }

  @Test
  void passAtKRejectsKOutsideOneToN() {
    assertThatThrownBy(() -> SampleMetrics.passAtK(4, 1, 5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("k=5, n=4");
    assertThatThrownBy(() -> SampleMetrics.passAtK(4, 1, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SampleMetrics.passAtK(4, 5, 2))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void passAtKMatchesBruteForceOverAllKSubsetsForNUpTo8() {
    for (int n = 1; n <= 8; n++) {
      for (int c = 0; c <= n; c++) {
        for (int k = 1; k <= n; k++) {
          int subsets = 0;
          int hit = 0;
          int correctMask = (1 << c) - 1; // samples 0..c-1 are the correct ones
          for (int s = 0; s < 1 << n; s++) {
            if (Integer.bitCount(s) == k) {
              subsets++;
              hit += (s & correctMask) != 0 ? 1 : 0;
            }
          }
          assertThat(SampleMetrics.passAtK(n, c, k))
              .as("n=%d c=%d k=%d", n, c, k)
              .isCloseTo((double) hit / subsets, within(1e-12));
        }
      }
    }
  }

  @Test
  void passAt1EqualsAvgAtNOnRandomProblems() {
    long seed = TestSeed.get();
    var random = new SplittableRandom(seed);
    for (int t = 0; t < 200; t++) {
      int n = 1 + random.nextInt(64);
      boolean[] c = new boolean[n];
      for (int i = 0; i < n; i++) {
        c[i] = random.nextBoolean();
      }
      var problem = new ProblemSamples("p" + t, c, null);
      assertThat(SampleMetrics.passAtK(problem, 1))
          .as("seed %d, trial %d", seed, t)
          .isCloseTo(SampleMetrics.avgAtK(problem, n), within(1e-12));
      assertThat(SampleMetrics.passAtK(problem, n))
          .as("seed %d, trial %d", seed, t)
          .isEqualTo(problem.correctInFirst(n) > 0 ? 1.0 : 0.0);
    }
  }

  @Test
  void majAtKPicksMostFrequentAmongFirstK() {
    var problem = p("p", "5,7,7,5,-", "TFFTF");
    assertThat(SampleMetrics.majAtK(problem, 3)).isEqualTo(0.0); // 7 wins 2:1
    assertThat(SampleMetrics.majAtK(problem, 4)).isEqualTo(1.0); // 2:2 tie, 5 appears first
    assertThat(SampleMetrics.majAtK(problem, 5)).isEqualTo(1.0); // the null answer does not vote
  }

  @Test
  void majAtKTieGoesToAnswerWithSmallestEarliestIndex() {
    assertThat(SampleMetrics.majAtK(p("p", "a,b,b,a", "FTTF"), 4)).isEqualTo(0.0);
    assertThat(SampleMetrics.majAtK(p("p", "b,a,a,b", "FTTF"), 4)).isEqualTo(0.0);
    assertThat(SampleMetrics.majAtK(p("p", "-,a,b,b,a", "FFTTF"), 5)).isEqualTo(0.0);
    assertThat(SampleMetrics.majAtK(p("p", "-,b,a,a,b", "FTFFT"), 5)).isEqualTo(1.0);
  }

  @Test
  void majAtKNullAnswersDoNotVote() {
    assertThat(SampleMetrics.majAtK(p("p", "-,-,3", "FFT"), 3)).isEqualTo(1.0);
    assertThat(SampleMetrics.majAtK(p("p", "-,-,-", "FFF"), 3)).isEqualTo(0.0);
    var problems = List.of(p("a", "-,-,3", "FFT"), p("b", "1,2,2", "TFF"));
    assertThat(SampleMetrics.majAtK(problems, 3)).isEqualTo(0.5);
  }

  @Test
  void invalidInputsFailWithClearMessages() {
    assertThatThrownBy(() -> new ProblemSamples("p", new boolean[2], new String[3]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("p has 2");
    assertThatThrownBy(() -> SampleMetrics.majAtK(new ProblemSamples("q", new boolean[2], null), 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("q");
    assertThatThrownBy(() -> SampleMetrics.avgAtK(List.of(), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one problem");
  }
}
