package org.polyreason.jobs.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The pretraining mixture's arithmetic drills (correct, within the pool's ranges, seeded) and the
 * drill phase.
 */
class TrainingDataTest {
  static final List<TrainingData.Problem> POOL =
      List.of(
          new TrainingData.Problem("p1", Map.of("en", "a"), "12+30=42. #42"),
          new TrainingData.Problem("p2", Map.of("en", "b"), "50-7=43. #43"),
          new TrainingData.Problem("p3", Map.of("en", "c"), "3*4=12. 12+5=17. #17"),
          new TrainingData.Problem("p4", Map.of("en", "d"), "9-2=7. #7"));
  static final CharVocab VOCAB = CharVocab.of(List.of("0123456789+-*=. #abcd"));
  static final Pattern DRILL = Pattern.compile("(\\d+)([+*-])(\\d+)=(-?\\d+)\\.");

  @Test
  void drillsAreCorrectEquationsWithinThePoolsRangesAndRepeatForASeed() {
    List<TrainingData.Doc> drills = TrainingData.drills(POOL, 3000, 1, VOCAB, 64, 7);
    assertThat(drills).hasSize(3000);
    int plus = 0;
    int minus = 0;
    int times = 0;
    for (TrainingData.Doc d : drills) {
      assertThat(d.lossFrom()).isZero();
      String text = VOCAB.decode(d.ids());
      Matcher m = DRILL.matcher(text);
      assertThat(m.matches()).as(text).isTrue();
      int a = Integer.parseInt(m.group(1));
      int b = Integer.parseInt(m.group(3));
      int c = Integer.parseInt(m.group(4));
      switch (m.group(2)) {
        case "+" -> {
          plus++;
          assertThat(c).isEqualTo(a + b);
          assertThat(a).isBetween(12, 12); // the pool's '+' left operands: 12 and 12
          assertThat(b).isBetween(5, 30);
        }
        case "-" -> {
          minus++;
          assertThat(c).isEqualTo(a - b).isNotNegative(); // the pool has no negative difference
        }
        default -> {
          times++;
          assertThat(text).isEqualTo("3*4=12.");
        }
      }
    }
    // operators as often as in the pool: '+' 2 of 5 equations, '-' 2, '*' 1
    assertThat(plus).isBetween(1050, 1350);
    assertThat(minus).isBetween(1050, 1350);
    assertThat(times).isBetween(450, 750);
    assertThat(TrainingData.drills(POOL, 3000, 1, VOCAB, 64, 7)).isEqualTo(drills);
    assertThat(TrainingData.drills(POOL, 3000, 1, VOCAB, 64, 8)).isNotEqualTo(drills);
  }

  @Test
  void packedDrillsAreTheSameEquationsJoinedBySpaces() {
    List<TrainingData.Doc> single = TrainingData.drills(POOL, 1003, 1, VOCAB, 200, 7);
    List<TrainingData.Doc> packed = TrainingData.drills(POOL, 1003, 8, VOCAB, 200, 7);
    assertThat(packed).hasSize(126); // 125 documents of 8 equations and one of the last 3
    StringBuilder joined = new StringBuilder();
    for (TrainingData.Doc d : single) {
      joined.append(joined.isEmpty() ? "" : " ").append(VOCAB.decode(d.ids()));
    }
    StringBuilder fromPacked = new StringBuilder();
    for (int i = 0; i < packed.size(); i++) {
      String text = VOCAB.decode(packed.get(i).ids());
      assertThat(text.split(" "))
          .hasSize(i < 125 ? 8 : 3)
          .allMatch(e -> DRILL.matcher(e).matches());
      fromPacked.append(fromPacked.isEmpty() ? "" : " ").append(text);
    }
    assertThat(fromPacked.toString()).isEqualTo(joined.toString());
  }

  @Test
  void noDrillsWithoutEquationsOrCount() {
    assertThat(TrainingData.drills(POOL, 0, 1, VOCAB, 64, 7)).isEmpty();
    List<TrainingData.Problem> words =
        List.of(new TrainingData.Problem("p", Map.of("en", "a"), "forty-two"));
    assertThat(TrainingData.drills(words, 100, 1, VOCAB, 64, 7)).isEmpty();
  }

  @Test
  void drillPhaseReplaysTheRequestedShareOfTheMixtureWithoutRepeats() {
    List<TrainingData.Doc> drills = TrainingData.drills(POOL, 300, 1, VOCAB, 64, 7);
    List<TrainingData.Doc> mixture = TrainingData.pretraining(POOL, List.of("en"), VOCAB, 64, 7);
    List<TrainingData.Doc> big = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      big.add(new TrainingData.Doc(new int[] {i, i + 1, i + 2}, 0));
    }

    List<TrainingData.Doc> phase = TrainingData.drillPhase(drills, big, 0.1, 3);

    // 300 drills make 90 % of the pool: 33 replayed documents, all distinct, all from the mixture
    assertThat(phase).hasSize(333);
    assertThat(phase.subList(0, 300)).isEqualTo(drills);
    assertThat(phase.subList(300, 333)).doesNotHaveDuplicates().isSubsetOf(big);
    assertThat(TrainingData.drillPhase(drills, big, 0.1, 3)).isEqualTo(phase);
    assertThat(TrainingData.drillPhase(drills, big, 0.1, 4)).isNotEqualTo(phase);
    // never more than the mixture has; 0 = drills alone
    assertThat(TrainingData.drillPhase(drills, mixture, 0.5, 3))
        .hasSize(drills.size() + mixture.size());
    assertThat(TrainingData.drillPhase(drills, mixture, 0, 3)).isSameAs(drills);
  }
}
