package org.polyreason.udfs.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.polyreason.udfs.scoring.AnswerEquivalence.Verdict.CORRECT;
import static org.polyreason.udfs.scoring.AnswerEquivalence.Verdict.UNDECIDABLE;
import static org.polyreason.udfs.scoring.AnswerEquivalence.Verdict.WRONG;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AnswerEquivalenceTest {

  @ParameterizedTest(name = "{0} vs {1} ({2}) -> {3}")
  @CsvSource(
      delimiter = '|',
      nullValues = "NULL",
      value = {
        "18|18|integer|CORRECT",
        "18.0|18|integer|CORRECT",
        "18.000001|18|integer|WRONG",
        "17|18|integer|WRONG",
        "$18|18|integer|CORRECT",
        "18 dollars|18|integer|CORRECT",
        "2,125|2125|integer|CORRECT",
        "0.5|1/2|fraction|CORRECT",
        "\\frac{1}{2}|0.5|decimal|CORRECT",
        "\\dfrac{2}{4}|1/2|fraction|CORRECT",
        "0.3333333|1/3|fraction|CORRECT",
        "0.33|1/3|fraction|CORRECT",
        "0.3|1/3|fraction|WRONG",
        "0.34|1/3|fraction|WRONG",
        "50\\%|50|integer|CORRECT",
        "x = 5|5|integer|CORRECT",
        "\\tfrac12|0.5|decimal|CORRECT",
        "1430\\,\\text{US-Dollar}|1430|integer|CORRECT",
        "\\sqrt{2}/2|\\frac{\\sqrt{2}}{2}|latex|CORRECT",
        "2\\pi|\\pi \\cdot 2|latex|CORRECT",
        "\\left( 1, 2 \\right)|(1,2)|latex|CORRECT",
        "(1,3)|(1,2)|latex|WRONG",
        "[0, \\frac{1}{2})|[0,0.5)|latex|CORRECT",
        "(0, 0.5]|[0,0.5)|latex|WRONG",
        "$3^{2}$|9|latex|CORRECT",
        "\\sqrt[3]{27}|3|latex|CORRECT",
        "\\text{(B)}|B|choice|CORRECT",
        "(C)|B|choice|WRONG",
        "B) 42|b|choice|CORRECT",
        "x^2+1|x^{2}+1|latex|CORRECT",
        "x^2+1|x^2+2|latex|WRONG",
        "banana|18|integer|UNDECIDABLE",
        "18|18|NULL|CORRECT"
      })
  void judges(String pred, String gold, String kind, AnswerEquivalence.Verdict expected) {
    assertThat(AnswerEquivalence.judge(pred, gold, kind)).isEqualTo(expected);
  }

  @Test
  void nullOrBlankPredictionIsUndecidable() {
    assertThat(AnswerEquivalence.judge(null, "1", "integer")).isEqualTo(UNDECIDABLE);
    assertThat(AnswerEquivalence.judge(" ", "1", "integer")).isEqualTo(UNDECIDABLE);
  }

  @Test
  void evaluator() {
    assertThat(LatexEvaluator.evaluate("\\frac{1}{2} + 2^{3} \\times 3")).isEqualTo(24.5);
    assertThat(LatexEvaluator.evaluate("-(3+1)/2")).isEqualTo(-2.0);
    assertThat(LatexEvaluator.evaluate("2\\sqrt{4}")).isEqualTo(4.0);
    assertThat(LatexEvaluator.evaluate("x+1")).isNull();
    assertThat(LatexEvaluator.evaluate("1.2.3")).isNull();
    assertThat(LatexEvaluator.evaluate("1/0")).isNull();
  }

  @Test
  void tupleSplitting() {
    assertThat(AnswerEquivalence.elements("(1, (2,3))")).containsExactly("()", "1", "(2,3)");
    assertThat(AnswerEquivalence.elements("(5)")).isNull();
    assertThat(AnswerEquivalence.judge("(1, 2, 3)", "(1,2)", "latex")).isEqualTo(WRONG);
    assertThat(AnswerEquivalence.judge("(1, 2)", "(1,2)", "latex")).isEqualTo(CORRECT);
  }
}
