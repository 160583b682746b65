package org.polyreason.jobs.importmetrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polyreason.common.UserException;
import org.polyreason.testing.SharedData;

/**
 * {@code import-metrics.format = xreasoning} on XReasoning's published eval.csv (../shared): the
 * diagonal (question language = thinking language) with the standard prompt, percent → share.
 */
class XReasoningEvalTest {
  @Test
  void readsTheDiagonalOfThePublishedTable() throws Exception {
    Path eval = SharedData.require("data/generations/xreasoning-accuracy/eval.csv");
    List<String> lines = Files.readAllLines(eval).stream().filter(l -> !l.isBlank()).toList();
    long diagonal =
        lines.stream().map(l -> l.split("\t")).filter(f -> f[2].equalsIgnoreCase(f[3])).count();
    List<MetricsCsv.Entry> entries = MetricsCsv.readXReasoning(eval);
    assertThat(entries).hasSize((int) diagonal);
    assertThat(diagonal).as("rows checked").isGreaterThan(200);
    // every entry is the row it came from (checked independently of the parser)
    for (String l : lines) {
      String[] f = l.split("\t");
      if (!f[2].equalsIgnoreCase(f[3])) {
        continue;
      }
      String lang = f[2].toLowerCase(Locale.ROOT);
      MetricsCsv.Entry e =
          entries.stream()
              .filter(
                  x ->
                      x.model().equals(f[0]) && x.benchmark().equals(f[1]) && x.lang().equals(lang))
              .findFirst()
              .orElseThrow();
      assertThat(e.accuracy())
          .isCloseTo(
              Double.parseDouble(f[4].replace("%", "")) / 100.0,
              org.assertj.core.data.Offset.offset(1e-12));
      assertThat(e.n())
          .isEqualTo(
              f[1].equals("mgsm")
                  ? Integer.valueOf(250)
                  : f[1].equals("aime_combined") ? Integer.valueOf(60) : null);
    }
    // the README's excerpt: R1-Distill-Qwen-7B, MGSM, en: 86.4 %
    assertThat(entries)
        .filteredOn(
            e ->
                e.model().equals("deepseek-ai/DeepSeek-R1-Distill-Qwen-7B")
                    && e.benchmark().equals("mgsm")
                    && e.lang().equals("en"))
        .singleElement()
        .extracting(MetricsCsv.Entry::accuracy)
        .isEqualTo(0.864);
  }

  @Test
  void aMalformedLineNamesFileAndLine(@TempDir Path dir) throws Exception {
    Path bad =
        Files.writeString(dir.resolve("eval.csv"), "m\tmgsm\tEN\tEN\t50%\t40%\nm\tmgsm\tDE\n");
    assertThatThrownBy(() -> MetricsCsv.readXReasoning(bad))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("eval.csv:2")
        .hasMessageContaining("expected 6");
  }
}
