package org.polyreason.udfs.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The misjudgements measured on checker 1.0.0 (issue 10), each as a whole response against its
 * gold.
 */
class EquivalenceExamplesTest {

  @ParameterizedTest(name = "[{3}] {0} vs gold {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "So \\boxed{(3,2)}.|(3,2)|true|en",
        "So \\boxed{(3,2)}.|3.2|false|en",
        "So \\boxed{1,2}.|1, 2|true|en",
        "Die Antwort ist \\boxed{1,2}.|1.2|true|de",
        "Die Antwort ist -0,127.|-0.127|true|de",
        "La respuesta es -0.127.|-0.127|true|es",
        "The answer is $\\boxed{16,\\!386.20}$|16386.20|true|en",
        "The distance is $\\boxed{125\\textnormal{ miles}}.$|125|true|en",
        "So $\\boxed{(3, 2)}$|(p,q)=(3,2)|true|en",
        "Thus the ratio is \\frac{10}{9}|10/9|true|en",
        "Thus the ratio is \\frac{10}{9}|9|false|en",
        "$\\frac{1+\\sqrt{5}}{2}$|2|false|en",
        "$$(1, +\\infty)$$|(1, +\\infty)|true|en",
        "$$(1, +\\infty)$$|[1, +\\infty)|false|en",
        "$\\boxed{2^{99}+1}$|2^{99}-1|false|en",
        "$\\boxed{2^{99}-1}$|2^{99}-1|true|en",
        "$\\boxed{633825300114114700748351602687}$|2^{99}-1|true|en",
        "$\\boxed{\\frac{1}{4041}}$|\\frac{1}{4040}|false|en",
        "Final Answer: \\boxed{540\\ m}|540|true|de",
        "Final Answer: \\boxed{16,00\\ $}|16|true|es",
        "The roots lie near 1.5,2.5|3|false|en",
        "AZYUK2A|2|false|en",
        "$x \\geq 5$|x >= 5|true|en",
        "$5 \\leq x$|x \\geq 5|true|en",
        "$x=3$|3|true|en",
        "$\\boxed{7 = 11a+c}$|11a+c|false|en",
        "\\boxed{x^2+2x+1}|(x+1)^2|true|en",
        "\\boxed{x^2+2x+2}|(x+1)^2|false|en",
        "\\boxed{\\text{(C)}}|C|true|en",
        "The answer is $x=1$ or $x=2$: \\boxed{1} and \\boxed{2}|1, 2|true|en"
      })
  void judgesTheIssueExamples(String response, String gold, boolean correct, String lang) {
    var r = AnswerScorer.score(response, gold, null, lang, false);
    assertThat(r.error()).isNull();
    assertThat(r.correct())
        .as("%s (%s: %s)", r.verdict(), r.extractionRule(), r.extractedAnswer())
        .isEqualTo(correct);
  }
}
