package org.polyreason.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SyntheticLexiconTest {

  @Test
  void everyLanguageRewritesEachOperationPairWithTheSameNamesObjectAndNumbers() {
    Random random = new Random(3);
    int checked = 0;
    for (String lang : SyntheticLexicon.LANGUAGES.keySet()) {
      for (int t = 0; t < 4; t++) {
        for (int draw = 0; draw < 40; draw++) {
          int nameA = random.nextInt(4);
          int nameB = (nameA + 1 + random.nextInt(3)) % 4;
          int object = random.nextInt(4);
          int[] numbers = {2 + random.nextInt(98), 2 + random.nextInt(98), 0};
          String question = SyntheticLexicon.render(lang, t, nameA, nameB, object, numbers);
          String partner =
              SyntheticLexicon.render(
                  lang, SyntheticLexicon.operationPartner(t), nameA, nameB, object, numbers);
          assertThat(SyntheticLexicon.withOtherOperation(lang, question))
              .as("%s template %d: %s", lang, t, question)
              .contains(partner);
          assertThat(partner).isNotEqualTo(question);
          checked++;
        }
      }
    }
    assertThat(checked).isEqualTo(8 * 4 * 40);
  }

  @Test
  void questionsWithoutAnOperationPartnerAreNotRewritten() {
    int[] numbers = {6, 7, 5};
    for (String lang : SyntheticLexicon.LANGUAGES.keySet()) {
      for (int t = 4; t < SyntheticLexicon.TEMPLATES; t++) {
        assertThat(SyntheticLexicon.operationPartner(t)).isEqualTo(-1);
        assertThat(
                SyntheticLexicon.withOtherOperation(
                    lang, SyntheticLexicon.render(lang, t, 0, 1, 2, numbers)))
            .as("%s template %d", lang, t)
            .isEmpty();
      }
    }
    String english = SyntheticLexicon.render("en", 0, 0, 1, 0, numbers);
    assertThat(SyntheticLexicon.withOtherOperation("de", english)).isEmpty();
    assertThat(SyntheticLexicon.withOtherOperation("xx", english)).isEmpty();
    assertThat(SyntheticLexicon.withOtherOperation("en", "What is 6 plus 7?")).isEmpty();
    assertThat(SyntheticLexicon.withOtherOperation("en", null)).isEqualTo(Optional.empty());
  }

  @Test
  void englishPairsDifferOnlyInTheOperationWords() {
    int[] numbers = {56, 24, 0};
    assertThat(
            SyntheticLexicon.withOtherOperation(
                "en", SyntheticLexicon.render("en", 0, 0, 1, 1, numbers)))
        .contains(
            "Anna has 56 books. Anna gives away 24 books. How many books does Anna have left?");
  }
}
