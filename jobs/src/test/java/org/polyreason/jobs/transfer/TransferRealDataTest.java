package org.polyreason.jobs.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polyreason.testing.CliRun;
import org.polyreason.testing.SharedData;
import org.polyreason.testing.SparkTestBase;

/**
 * import-metrics → transfer on the published XReasoning accuracies (../shared, not copied into the
 * repo): eval.csv (tab-separated, no header: model, dataset, question_lang, thinking_lang,
 * acc_standard_prompt, acc_hacked_prompt) is turned into model,benchmark,lang,accuracy,n from its
 * diagonal (question language = thinking language, standard prompt). DESIGN.md quotes the AIME
 * case: Skywork-OR1-7B vs its base DeepSeek-R1-Distill-Qwen-7B has an English gain of −1.6 points
 * and a ratio of −8.6, so MTI is null.
 */
class TransferRealDataTest extends SparkTestBase {
  private static final String MODEL = "Skywork/Skywork-OR1-7B";
  private static final String BASE = "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B";

  static Path convert(Path evalCsv, Path out) throws IOException {
    List<String> lines = new ArrayList<>(List.of("model,benchmark,lang,accuracy,n"));
    for (String line : Files.readAllLines(evalCsv)) {
      String[] f = line.split("\t");
      if (f.length == 6
          && f[2].equals(f[3])
          && (f[1].equals("mgsm") || f[1].equals("aime_combined"))) {
        double acc = Double.parseDouble(f[4].replace("%", "")) / 100.0;
        lines.add(
            String.join(
                ",",
                f[0],
                f[1],
                f[2].toLowerCase(Locale.ROOT),
                Double.toString(acc),
                f[1].equals("mgsm") ? "250" : "60"));
      }
    }
    Files.write(out, lines);
    return out;
  }

  @Test
  void skyworkVersusItsDistilledBase(@TempDir Path dir) throws IOException {
    Path csv =
        convert(
            SharedData.require("data/generations/xreasoning-accuracy/eval.csv"),
            dir.resolve("xr.csv"));
    String wh = dir.resolve("wh").toString();
    CliRun imported =
        CliRun.of(
            "import-metrics",
            "--set",
            "polyreason.warehouse=" + wh,
            "--set",
            "polyreason.import-metrics.path=" + csv);
    assertThat(imported.exitCode()).as(imported.err()).isZero();
    assertThat(spark.read().parquet(wh + "/metrics").count())
        .isEqualTo(Files.readAllLines(csv).size() - 1);

    String pairs =
        "polyreason.transfer.pairs=[{ model = \""
            + MODEL
            + "\", base = \""
            + BASE
            + "\", train-languages = [en] }]";
    CliRun run = CliRun.of("transfer", "--set", "polyreason.warehouse=" + wh, "--set", pairs);
    assertThat(run.exitCode()).as(run.err()).isZero();
    List<Row> rows = spark.read().parquet(wh + "/transfer").orderBy("benchmark").collectAsList();
    assertThat(rows)
        .extracting(r -> r.<String>getAs("benchmark"))
        .containsExactly("aime_combined", "mgsm");

    Row aime = rows.get(0);
    assertThat(aime.<String>getAs("source")).isEqualTo("metrics");
    assertThat(aime.<Double>getAs("mean_gain_train")).isCloseTo(0.317 - 0.3333, within(1e-9));
    assertThat(aime.isNullAt(aime.fieldIndex("mti"))).isTrue();
    assertThat(aime.<String>getAs("mti_null_reason")).contains("0.0163").contains("< min 0.02");
    assertThat(aime.<Double>getAs("mean_gain_unseen") / aime.<Double>getAs("mean_gain_train"))
        .as("the ratio DESIGN.md quotes")
        .isCloseTo(-8.6, within(0.05));

    Row mgsm = rows.get(1);
    assertThat(mgsm.<Double>getAs("mean_gain_train")).isCloseTo(0.920 - 0.864, within(1e-9));
    assertThat(mgsm.<Double>getAs("mti")).isNotNull();
    assertThat(mgsm.getList(mgsm.fieldIndex("eval_langs"))).hasSize(11);
  }
}
