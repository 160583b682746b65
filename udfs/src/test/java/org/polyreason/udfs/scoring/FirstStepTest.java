package org.polyreason.udfs.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FirstStepTest {

  @ParameterizedTest(name = "{0} vs {1} -> operands {2}, operator {3}, arithmetic {4}")
  @CsvSource(
      delimiter = '|',
      value = {
        // right
        "50+7=57. #57|50+7=57. #57|true|true|true",
        "6*7=42. 42+5=47. #47|6*7=42. 42+5=47. #47|true|true|true",
        // operands in the other order: still the question's numbers
        "50+7=57. #57|7+50=57. #57|true|true|true",
        // read right, computed wrong
        "50+7=57. #57|50+7=56. #56|true|true|false",
        // wrong operator, its own equation computed right
        "50+7=57. #57|50*7=350. #350|true|false|true",
        // a wrong number copied
        "50+7=57. #57|54+7=61. #61|false|true|true",
        // subtraction order matters for the result, not for which numbers were read
        "50-7=43. #43|7-50=-43. #-43|true|true|true",
        // the first equation counts, not a later right one
        "6*7=42. 42+5=47. #47|6+7=13. 6*7=42. #42|true|false|true",
        // spaces and × in a response
        "6*7=42. #42|so 6 × 7 = 42, #42|true|true|true",
        // no equation at all
        "50+7=57. #57|#57|false|false|false",
        "50+7=57. #57|''|false|false|false",
        // a long run of digits is not an operand
        "50+7=57. #57|788878887788777877787668+7=1. #1|false|false|false"
      })
  void checksTheFirstEquationAgainstTheReferences(
      String reference, String response, boolean operands, boolean operator, boolean arithmetic) {
    assertThat(FirstStep.check(reference, response))
        .isEqualTo(new FirstStep.Result(operands, operator, arithmetic));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {"2125", "\\frac{1}{2}", "x+1=2", "50+7=57", "50+7=57. #", "$50+7=57. #57$"})
  void aReferenceWithoutAWorkedAnswerGetsNoDiagnosis(String reference) {
    assertThat(FirstStep.isWorked(reference)).isFalse();
    assertThat(FirstStep.check(reference, "50+7=57. #57")).isNull();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"50+7=57. #57", "6*7=42. 42+5=47. #47", "50-70=-20. #-20"})
  void workedAnswersAreRecognised(String reference) {
    assertThat(FirstStep.isWorked(reference)).isTrue();
    assertThat(FirstStep.check(reference, null)).isNull();
  }
}
