package org.polyreason.jobs.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.polyreason.common.UserException;
import org.polyreason.core.MetricsTable;
import org.polyreason.core.Tables;
import org.polyreason.jobs.importmetrics.ImportMetricsJob;
import org.polyreason.jobs.importmetrics.MetricsCsv;
import org.polyreason.testing.ScoresBuilder;
import org.polyreason.testing.SparkTestBase;
import org.polyreason.udfs.stats.Transferability.Mode;

/**
 * MTI through the transfer transform, on metrics rows (hand example, null case, relative) and
 * scores.
 */
class TransferTransformsTest extends SparkTestBase {
  private static final double EPS = 1e-12;

  private static TransferSettings settings(Mode mode, TransferSettings.Pair... pairs) {
    return new TransferSettings(List.of(pairs), List.of(), mode, 0.02, 200, 1234, 0.95);
  }

  private static Dataset<Row> metrics(
      double mEn, double mDe, double mSw, double bEn, double bDe, double bSw) {
    List<MetricsCsv.Entry> e = new ArrayList<>();
    e.add(new MetricsCsv.Entry("M", "bench", "en", mEn, null));
    e.add(new MetricsCsv.Entry("M", "bench", "de", mDe, null));
    e.add(new MetricsCsv.Entry("M", "bench", "sw", mSw, null));
    e.add(new MetricsCsv.Entry("B", "bench", "en", bEn, null));
    e.add(new MetricsCsv.Entry("B", "bench", "de", bDe, null));
    e.add(new MetricsCsv.Entry("B", "bench", "sw", bSw, null));
    return spark.createDataFrame(ImportMetricsJob.rows(e, 0.95), MetricsTable.SCHEMA);
  }

  private static Dataset<Row> noScores() {
    return spark.createDataFrame(List.of(), Tables.SCORES_SCHEMA);
  }

  private static final TransferSettings.Pair PAIR =
      new TransferSettings.Pair("M", "B", List.of("en"), null);

  @Test
  void handExampleAbsolute() {
    // Δ: en 0.2, de 0.1, sw 0.05; MTI = mean(0.1, 0.05) / 0.2 = 0.375.
    Row r =
        TransferTransforms.transfer(
                metrics(0.8, 0.6, 0.3, 0.6, 0.5, 0.25), noScores(), settings(Mode.ABSOLUTE, PAIR))
            .first();
    assertThat(r.<String>getAs("benchmark")).isEqualTo("bench");
    assertThat(r.<String>getAs("source")).isEqualTo("metrics");
    assertThat(r.<Double>getAs("mti")).isCloseTo(0.375, within(EPS));
    assertThat(r.isNullAt(r.fieldIndex("mti_null_reason"))).isTrue();
    assertThat(r.isNullAt(r.fieldIndex("mti_ci_low"))).isTrue();
    assertThat(r.<Double>getAs("mean_gain_train")).isCloseTo(0.2, within(EPS));
    assertThat(r.<Double>getAs("mean_gain_unseen")).isCloseTo(0.075, within(EPS));
    // Gap change: (0.8 − 0.45) − (0.6 − 0.375) = 0.125.
    assertThat(r.<Double>getAs("gap_change")).isCloseTo(0.125, within(EPS));
    Map<String, Double> tr = r.getJavaMap(r.fieldIndex("transfer_ratio"));
    assertThat(tr.get("en")).isCloseTo(1.0, within(EPS));
    assertThat(tr.get("de")).isCloseTo(0.5, within(EPS));
    assertThat(tr.get("sw")).isCloseTo(0.25, within(EPS));
    assertThat(r.getList(r.fieldIndex("eval_langs"))).containsExactly("de", "en", "sw");
    assertThat(r.getList(r.fieldIndex("train_langs"))).containsExactly("en");
  }

  @Test
  void smallInLanguageGainGivesNullWithReason() {
    // Δ en = 0.01 < 0.02: MTI null; gap change and gains still reported.
    Row r =
        TransferTransforms.transfer(
                metrics(0.61, 0.6, 0.3, 0.6, 0.5, 0.25), noScores(), settings(Mode.ABSOLUTE, PAIR))
            .first();
    assertThat(r.isNullAt(r.fieldIndex("mti"))).isTrue();
    assertThat(r.<String>getAs("mti_null_reason")).contains("0.01").contains("< min 0.02");
    assertThat(r.isNullAt(r.fieldIndex("transfer_ratio"))).isTrue();
    assertThat(r.<Double>getAs("gap_change")).isNotNull();
  }

  @Test
  void relativeMode() {
    // Δ/Acc_B: en 0.2/0.6 = 1/3, de 0.1/0.5 = 0.2, sw 0.05/0.25 = 0.2; MTI = 0.2 / (1/3) = 0.6.
    Row r =
        TransferTransforms.transfer(
                metrics(0.8, 0.6, 0.3, 0.6, 0.5, 0.25), noScores(), settings(Mode.RELATIVE, PAIR))
            .first();
    assertThat(r.<String>getAs("mode")).isEqualTo("relative");
    assertThat(r.<Double>getAs("mti")).isCloseTo(0.6, within(1e-9));
  }

  @Test
  void perProblemScoresGivePairedBootstrapCi() {
    ScoresBuilder b = new ScoresBuilder();
    // 10 aligned problems; M gains 5 problems in en, 3 in de; B fixed.
    for (String lang : List.of("en", "de")) {
      int gained = lang.equals("en") ? 5 : 3;
      for (int i = 0; i < 10; i++) {
        b.group("B", "bench", lang, null).problem("q" + i, i < 3);
        b.group("M", "bench", lang, null).problem("q" + i, i < 3 + gained);
      }
    }
    Row r =
        TransferTransforms.transfer(
                spark.createDataFrame(List.of(), MetricsTable.SCHEMA),
                b.build(spark),
                settings(Mode.ABSOLUTE, PAIR))
            .first();
    assertThat(r.<String>getAs("source")).isEqualTo("per-problem");
    assertThat(r.<Integer>getAs("n_problems")).isEqualTo(10);
    assertThat(r.<Double>getAs("mti")).isCloseTo(0.3 / 0.5, within(EPS));
    assertThat(r.<Double>getAs("mti_ci_low")).isLessThanOrEqualTo(0.6);
    assertThat(r.<Double>getAs("mti_ci_high")).isGreaterThanOrEqualTo(0.6);
  }

  @Test
  void missingModelNamesThePairAndWhatExists() {
    TransferSettings.Pair pair = new TransferSettings.Pair("ghost", "B", List.of("en"), null);
    assertThatThrownBy(
            () ->
                TransferTransforms.transfer(
                    metrics(0.8, 0.6, 0.3, 0.6, 0.5, 0.25),
                    noScores(),
                    settings(Mode.ABSOLUTE, pair)))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("model = ghost")
        .hasMessageContaining("model ghost has no rows")
        .hasMessageContaining("models present: [B, M]");
    TransferSettings.Pair wrongBench = new TransferSettings.Pair("M", "B", List.of("en"), "mgsm");
    assertThatThrownBy(
            () ->
                TransferTransforms.transfer(
                    metrics(0.8, 0.6, 0.3, 0.6, 0.5, 0.25),
                    noScores(),
                    settings(Mode.ABSOLUTE, wrongBench)))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("benchmark mgsm")
        .hasMessageContaining("[bench]");
  }

  @Test
  void modelWithOnlyForcedReasoningRowsIsToldSo() {
    ScoresBuilder b = new ScoresBuilder();
    for (String lang : List.of("en", "de")) {
      b.group("B", "bench", lang, null).problem("q1", true);
      b.group("M", "bench", lang, "en").problem("q1", true);
    }
    assertThatThrownBy(
            () ->
                TransferTransforms.transfer(
                    spark.createDataFrame(List.of(), MetricsTable.SCHEMA),
                    b.build(spark),
                    settings(Mode.ABSOLUTE, PAIR)))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("model M has only reasoning-forced rows (think_lang set)");
  }
}
