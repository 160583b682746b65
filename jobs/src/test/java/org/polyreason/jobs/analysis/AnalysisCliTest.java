package org.polyreason.jobs.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polyreason.testing.CliRun;
import org.polyreason.testing.SparkTestBase;

/**
 * transfer and scaling-law refuse to run without their inputs: exit 2 with one line naming the key.
 */
class AnalysisCliTest extends SparkTestBase {

  @Test
  void unconfiguredJobsExitTwo(@TempDir Path dir) {
    CliRun run = CliRun.of("transfer", "--set", "polyreason.warehouse=" + dir);
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines())
        .singleElement()
        .asString()
        .contains("polyreason.transfer.pairs")
        .contains("[]");
    run = CliRun.of("scaling-law", "--set", "polyreason.warehouse=" + dir);
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).singleElement().asString().contains("polyreason.scaling-law.series");
  }

  @Test
  void transferPairWithUnknownModel(@TempDir Path dir) throws Exception {
    Path csv = dir.resolve("m.csv");
    Files.writeString(csv, "model,benchmark,lang,accuracy\nM,b,en,0.5\nB,b,en,0.4\n");
    String wh = "polyreason.warehouse=" + dir.resolve("wh");
    assertThat(
            CliRun.of(
                    "import-metrics", "--set", wh, "--set", "polyreason.import-metrics.path=" + csv)
                .exitCode())
        .isZero();
    CliRun run =
        CliRun.of(
            "transfer",
            "--set",
            wh,
            "--set",
            "polyreason.transfer.pairs=[{ model = M, base = Bse, train-languages = [en] }]");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines())
        .singleElement()
        .asString()
        .contains("base = Bse")
        .contains("model Bse has no rows")
        .contains("models present: [B, M]");
    run =
        CliRun.of(
            "transfer",
            "--set",
            wh,
            "--set",
            "polyreason.transfer.pairs=[{ model = M, base = B, train-languages = [xx] }]");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines())
        .singleElement()
        .asString()
        .contains("xx")
        .contains("polyreason.transfer.pairs[0].train-languages");
  }
}
