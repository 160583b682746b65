package org.polyreason.jobs.reward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.polyreason.jobs.reward.RewardTransforms.Components;
import org.polyreason.testing.SparkTestBase;

/**
 * Each formula on hand-computed rows, the components of crafted outputs, GRPO on a hand example.
 */
class RewardTransformsTest extends SparkTestBase {
  // correct, formatted, reasoning 95 % in the target language, answer without letters
  static final Components CORRECT_MOSTLY = new Components(1, 1, 0.95, null, false);
  // wrong, no final answer, reasoning fully in the target language, consistent
  static final Components WRONG_CONSISTENT = new Components(0, 0, 1.0, 1.0, true);
  // correct and consistent
  static final Components CORRECT_CONSISTENT = new Components(1, 1, 1.0, 1.0, true);
  // correct, but the reasoning has no letters at all
  static final Components NO_LETTERS = new Components(1, 1, null, null, false);

  @Test
  void eachNamedFormulaOnHandComputedRows() {
    // accuracy
    assertThat(RewardTransforms.formula("accuracy", CORRECT_MOSTLY)).isEqualTo(1.0);
    assertThat(RewardTransforms.formula("accuracy", WRONG_CONSISTENT)).isEqualTo(0.0);
    // r1 = accuracy + share: 1 + 0.95; 0 + 1; a reasoning without letters counts 0
    assertThat(RewardTransforms.formula("r1", CORRECT_MOSTLY)).isCloseTo(1.95, offset(1e-12));
    assertThat(RewardTransforms.formula("r1", WRONG_CONSISTENT)).isEqualTo(1.0);
    assertThat(RewardTransforms.formula("r1", NO_LETTERS)).isEqualTo(1.0);
    // format-accuracy-language = 0.2 format + accuracy + 0.2 share: 0.2 + 1 + 0.19; 0 + 0 + 0.2
    assertThat(RewardTransforms.formula("format-accuracy-language", CORRECT_MOSTLY))
        .isCloseTo(1.39, offset(1e-12));
    assertThat(RewardTransforms.formula("format-accuracy-language", WRONG_CONSISTENT))
        .isCloseTo(0.2, offset(1e-12));
    // slc = 0.9 accuracy + 0.1 consistent: 0.9; 0.1; 1.0
    assertThat(RewardTransforms.formula("slc", CORRECT_MOSTLY)).isCloseTo(0.9, offset(1e-12));
    assertThat(RewardTransforms.formula("slc", WRONG_CONSISTENT)).isCloseTo(0.1, offset(1e-12));
    assertThat(RewardTransforms.formula("slc", CORRECT_CONSISTENT)).isCloseTo(1.0, offset(1e-12));
    // gated: 0 not consistent (even if correct), 0.1 consistent and wrong, 1 consistent and correct
    assertThat(RewardTransforms.formula("gated", CORRECT_MOSTLY)).isEqualTo(0.0);
    assertThat(RewardTransforms.formula("gated", WRONG_CONSISTENT)).isEqualTo(0.1);
    assertThat(RewardTransforms.formula("gated", CORRECT_CONSISTENT)).isEqualTo(1.0);
    // user formula: 1.0 accuracy + 0.5 share + 2 consistent − 1 format = 1 + 0.475 + 0 − 1
    Map<String, Double> w =
        Map.of("accuracy", 1.0, "language_share", 0.5, "consistent", 2.0, "format", -1.0);
    assertThat(RewardTransforms.custom(w, CORRECT_MOSTLY)).isCloseTo(0.475, offset(1e-12));
    assertThat(RewardTransforms.custom(w, WRONG_CONSISTENT)).isCloseTo(2.5, offset(1e-12));
  }

  @Test
  void componentsOfCraftedOutputs() {
    String de =
        "Janet hat sechzehn Eier und isst jeden Morgen drei davon, dann backt sie Muffins mit vier. ";
    String en =
        "Janet has sixteen eggs, she eats three of them every morning and bakes muffins with four. ";
    Components good =
        RewardTransforms.components(
            "<think>" + de.repeat(5) + "</think>Die Antwort ist \\boxed{18}.",
            "de",
            "stop",
            "18",
            true,
            0.99);
    assertThat(good.accuracy()).isEqualTo(1.0);
    assertThat(good.format()).isEqualTo(1.0);
    assertThat(good.languageShare()).isEqualTo(1.0);
    assertThat(good.consistent()).isTrue();
    // English reasoning for a German target: share 0, not consistent
    Components off =
        RewardTransforms.components(
            "<think>" + en.repeat(5) + "</think>\\boxed{18}", "de", "stop", "18", true, 0.99);
    assertThat(off.languageShare()).isEqualTo(0.0);
    assertThat(off.answerShare()).isNull();
    assertThat(off.consistent()).isFalse();
    // reasoning never closed: no format, whatever was extracted
    Components open =
        RewardTransforms.components("<think>" + de.repeat(2), "de", "length", "18", false, 0.99);
    assertThat(open.format()).isEqualTo(0.0);
    assertThat(open.accuracy()).isEqualTo(0.0);
    // closed but no answer extracted
    assertThat(
            RewardTransforms.components(
                    "<think>" + de + "</think>", "de", "stop", null, false, 0.99)
                .format())
        .isEqualTo(0.0);
  }

  @Test
  void grpoAdvantagesOnAHandExample() {
    StructType schema =
        new StructType()
            .add("sample_key", DataTypes.StringType)
            .add("model", DataTypes.StringType)
            .add("benchmark", DataTypes.StringType)
            .add("lang", DataTypes.StringType)
            .add("problem_id", DataTypes.StringType)
            .add("think_lang", DataTypes.StringType)
            .add("step", DataTypes.LongType)
            .add("gen_group_id", DataTypes.StringType)
            .add("accuracy", DataTypes.DoubleType)
            .add("reward_r1", DataTypes.DoubleType);
    List<Row> rows =
        List.of(
            // group g: r1 rewards 1.9, 0.2, 0.2, 1.7 → mean 1.0, sample std sqrt(2.58 / 3)
            RowFactory.create("a", "m", "b", "de", "1", null, null, "g", 1.0, 1.9),
            RowFactory.create("b", "m", "b", "de", "1", null, null, "g", 0.0, 0.2),
            RowFactory.create("c", "m", "b", "de", "1", null, null, "g", 0.0, 0.2),
            RowFactory.create("d", "m", "b", "de", "1", null, null, "g", 1.0, 1.7),
            // no group id: grouped by (model, benchmark, lang, problem, think_lang, step); all
            // correct
            RowFactory.create("e", "m", "b", "en", "2", null, 5L, null, 1.0, 2.0),
            RowFactory.create("f", "m", "b", "en", "2", null, 5L, null, 1.0, 2.0),
            // the same problem at another step is another group, of one
            RowFactory.create("h", "m", "b", "en", "2", null, 6L, null, 0.0, 0.5));
    var out =
        RewardTransforms.withGroups(spark.createDataFrame(rows, schema), "reward_r1", 1e-6)
            .orderBy("sample_key")
            .collectAsList();
    double std = Math.sqrt((0.81 + 0.64 + 0.64 + 0.49) / 3); // 0.927362...
    double[] expected = {
      0.9 / (std + 1e-6), -0.8 / (std + 1e-6), -0.8 / (std + 1e-6), 0.7 / (std + 1e-6)
    };
    for (int i = 0; i < 4; i++) {
      Row r = out.get(i);
      assertThat(r.<String>getAs("group_id")).isEqualTo("g");
      assertThat(r.<Long>getAs("group_size")).isEqualTo(4L);
      assertThat(r.<Double>getAs("group_mean")).isCloseTo(1.0, offset(1e-12));
      assertThat(r.<Double>getAs("group_std")).isCloseTo(std, offset(1e-12));
      assertThat(r.<Double>getAs("advantage")).isCloseTo(expected[i], offset(1e-9));
      assertThat(r.<Double>getAs("pass_rate")).isEqualTo(0.5);
      assertThat(r.<Boolean>getAs("learnable")).isTrue();
    }
    assertThat(expected[0]).isCloseTo(0.97049, offset(1e-5));
    Row e = out.get(4);
    assertThat(e.<String>getAs("group_id")).hasSize(64).isEqualTo(out.get(5).getAs("group_id"));
    assertThat(e.<Double>getAs("group_std")).isEqualTo(0.0);
    assertThat(e.<Double>getAs("advantage")).isEqualTo(0.0);
    assertThat(e.<Boolean>getAs("learnable")).isFalse(); // all correct
    Row h = out.get(6);
    assertThat(h.<String>getAs("group_id")).isNotEqualTo(e.getAs("group_id"));
    assertThat(h.<Long>getAs("group_size")).isEqualTo(1L);
    assertThat(h.<Double>getAs("advantage")).isEqualTo(0.0);
    assertThat(h.<Boolean>getAs("learnable")).isFalse();
  }
}
