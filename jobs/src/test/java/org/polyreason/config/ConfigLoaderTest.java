package org.polyreason.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polyreason.common.UserException;

class ConfigLoaderTest {
  @TempDir Path dir;

  private Path envFile(String body) throws IOException {
    Files.writeString(dir.resolve("local.conf"), body);
    return dir;
  }

  @Test
  void referenceDefaultsApplyWithNothingElse() {
    Config c = ConfigLoader.load(null, null, List.of(), new Properties());
    assertThat(c.getString("polyreason.warehouse")).isEqualTo("warehouse");
    assertThat(c.getStringList("polyreason.ingest.benchmarks")).contains("mgsm", "polymath");
  }

  @Test
  void precedenceIsSystemPropertyThenSetThenEnvThenReference() throws IOException {
    Path confDir = envFile("polyreason { warehouse = from-env, data-root = env-data, run-id = env-run }");
    Properties sys = new Properties();
    sys.setProperty("polyreason.warehouse", "from-sysprop");
    Config c = ConfigLoader.load("local", confDir,
        List.of("polyreason.warehouse=from-set", "polyreason.data-root=from-set"), sys);
    assertThat(c.getString("polyreason.warehouse")).isEqualTo("from-sysprop");
    assertThat(c.getString("polyreason.data-root")).isEqualTo("from-set");
    assertThat(c.getString("polyreason.run-id")).isEqualTo("env-run");
    assertThat(c.getString("polyreason.spark-master")).isEqualTo(""); // reference
  }

  @Test
  void setAcceptsListsAndUrisVerbatim() {
    Config c = ConfigLoader.load(null, null,
        List.of("polyreason.ingest.languages=[en, de]", "polyreason.warehouse=hdfs://nn:8020/wh"), new Properties());
    assertThat(c.getStringList("polyreason.ingest.languages")).containsExactly("en", "de");
    assertThat(c.getString("polyreason.warehouse")).isEqualTo("hdfs://nn:8020/wh");
  }

  @Test
  void unknownKeyIsRejectedWithItsNameAndNeighbours() {
    assertThatThrownBy(() -> ConfigLoader.load(null, null, List.of("polyreason.ingest.benchmark=mgsm"), new Properties()))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("Unknown configuration key polyreason.ingest.benchmark")
        .hasMessageContaining("--set")
        .hasMessageContaining("polyreason.ingest.benchmarks");
  }

  @Test
  void unknownKeyInEnvFileNamesTheFile() throws IOException {
    Path confDir = envFile("polyreason.wharehouse = x\n");
    assertThatThrownBy(() -> ConfigLoader.load("local", confDir, List.of(), new Properties()))
        .hasMessageContaining("polyreason.wharehouse").hasMessageContaining("local.conf");
  }

  @Test
  void unknownSystemPropertyIsRejected() {
    Properties sys = new Properties();
    sys.setProperty("polyreason.nope", "1");
    assertThatThrownBy(() -> ConfigLoader.load(null, null, List.of(), sys)).hasMessageContaining("polyreason.nope");
  }

  @Test
  void syntaxErrorInEnvFileIsOneLineWithFileAndLine() throws IOException {
    Path confDir = envFile("polyreason {\n  warehouse = [unclosed\n");
    assertThatThrownBy(() -> ConfigLoader.load("local", confDir, List.of(), new Properties()))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("local.conf")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void unknownEnvironmentIsRejected() {
    assertThatThrownBy(() -> ConfigLoader.load("prod", dir, List.of(), new Properties()))
        .hasMessageContaining("prod").hasMessageContaining("local, standalone, gpu-cluster");
  }

  @Test
  void malformedSetIsRejected() {
    assertThatThrownBy(() -> ConfigLoader.load(null, null, List.of("polyreason.warehouse"), new Properties()))
        .hasMessageContaining("key=value");
  }

  @Test
  void typedReadsNameKeyValueAndAllowed() {
    Settings s = new Settings(ConfigLoader.load(null, null, List.of("polyreason.ingest.alignment=maybe"), new Properties()));
    assertThatThrownBy(() -> s.oneOf("polyreason.ingest.alignment", List.of("error", "warn")))
        .hasMessage("Bad value for polyreason.ingest.alignment: maybe; allowed: one of error, warn");
  }
}
