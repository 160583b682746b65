package org.polyreason.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Pure sampling maths on float arrays (seeded, so failures reproduce). */
class SamplerTest {

  private static float[] logProbs(double... p) {
    float[] l = new float[p.length];
    for (int i = 0; i < p.length; i++) {
      l[i] = (float) Math.log(p[i]);
    }
    return l;
  }

  @Test
  void greedyTakesArgmaxWithLowestIdOnTies() {
    Sampler s = new Sampler(SamplingParams.GREEDY, 1);
    assertThat(s.sample(new float[] {0.1f, 3f, 3f, -1f})).isEqualTo(1);
  }

  @Test
  void seedDependsOnRunSeedAndKeyOnly() {
    assertThat(Sampler.seedFor(7, "mgsm/de/3#0")).isEqualTo(Sampler.seedFor(7, "mgsm/de/3#0"));
    assertThat(Sampler.seedFor(7, "mgsm/de/3#0")).isNotEqualTo(Sampler.seedFor(7, "mgsm/de/3#1"));
    assertThat(Sampler.seedFor(7, "a")).isNotEqualTo(Sampler.seedFor(8, "a"));
  }

  @Test
  void temperatureSamplingFollowsTheSoftmax() {
    double[] p = {0.5, 0.3, 0.15, 0.05};
    Sampler s = new Sampler(new SamplingParams(1.0, 0, 1.0), 12345);
    int n = 40_000;
    int[] counts = new int[p.length];
    for (int i = 0; i < n; i++) {
      counts[s.sample(logProbs(p))]++;
    }
    for (int i = 0; i < p.length; i++) {
      assertThat(counts[i] / (double) n).as("token %d", i).isCloseTo(p[i], within(0.01));
    }
  }

  @Test
  void topKAndTopPCutTheTail() {
    float[] l = logProbs(0.5, 0.3, 0.15, 0.05);
    Sampler topK = new Sampler(new SamplingParams(1.0, 2, 1.0), 1);
    Sampler topP = new Sampler(new SamplingParams(1.0, 0, 0.9), 2);
    int[] seenP = new int[4];
    for (int i = 0; i < 5000; i++) {
      assertThat(topK.sample(l)).isLessThan(2);
      seenP[topP.sample(l)]++;
    }
    assertThat(seenP[3]).isZero();
    assertThat(seenP[2]).isPositive();
    assertThat(new Sampler(new SamplingParams(5.0, 1, 1.0), 3).sample(l)).isZero();
    assertThat(new Sampler(new SamplingParams(5.0, 0, 0.01), 3).sample(l)).isZero();
  }

  @Test
  void topPOverALargeVocabularyFallsBackToAFullSort() {
    float[] flat = new float[5000];
    Sampler s = new Sampler(new SamplingParams(1.0, 0, 0.99), 9);
    boolean beyondPrefetch = false;
    for (int i = 0; i < 200; i++) {
      beyondPrefetch |= s.sample(flat) >= 256;
    }
    assertThat(beyondPrefetch).isTrue();
  }

  @Test
  void topIndicesAreSortedByLogitThenId() {
    assertThat(Sampler.topIndices(new float[] {1f, -2f, 5f, 1f, -7f}, 3)).containsExactly(2, 0, 3);
    assertThat(Sampler.topIndices(new float[] {-1f, -3f, -2f}, 3)).containsExactly(0, 2, 1);
  }

  @Test
  void rejectsInvalidParameters() {
    assertThatThrownBy(() -> new SamplingParams(-1, 0, 1)).hasMessageContaining("temperature");
    assertThatThrownBy(() -> new SamplingParams(1, -1, 1)).hasMessageContaining("topK");
    assertThatThrownBy(() -> new SamplingParams(1, 0, 0)).hasMessageContaining("topP");
  }
}
