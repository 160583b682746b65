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
    Path confDir =
        envFile("polyreason { warehouse = from-env, data-root = env-data, run-id = env-run }");
    Properties sys = new Properties();
    sys.setProperty("polyreason.warehouse", "from-sysprop");
    Config c =
        ConfigLoader.load(
            "local",
            confDir,
            List.of("polyreason.warehouse=from-set", "polyreason.data-root=from-set"),
            sys);
    assertThat(c.getString("polyreason.warehouse")).isEqualTo("from-sysprop");
    assertThat(c.getString("polyreason.data-root")).isEqualTo("from-set");
    assertThat(c.getString("polyreason.run-id")).isEqualTo("env-run");
    assertThat(c.getString("polyreason.spark-master")).isEqualTo(""); // reference
  }

  @Test
  void setAcceptsListsAndUrisVerbatim() {
    Config c =
        ConfigLoader.load(
            null,
            null,
            List.of(
                "polyreason.ingest.languages=[en, de]", "polyreason.warehouse=hdfs://nn:8020/wh"),
            new Properties());
    assertThat(c.getStringList("polyreason.ingest.languages")).containsExactly("en", "de");
    assertThat(c.getString("polyreason.warehouse")).isEqualTo("hdfs://nn:8020/wh");
  }

  @Test
  void unknownKeyIsRejectedWithItsNameAndNeighbours() {
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    null, null, List.of("polyreason.ingest.benchmark=mgsm"), new Properties()))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("Unknown configuration key polyreason.ingest.benchmark")
        .hasMessageContaining("--set")
        .hasMessageContaining("polyreason.ingest.benchmarks");
  }

  @Test
  void unknownKeyInEnvFileNamesTheFile() throws IOException {
    Path confDir = envFile("polyreason.wharehouse = x\n");
    assertThatThrownBy(() -> ConfigLoader.load("local", confDir, List.of(), new Properties()))
        .hasMessageContaining("polyreason.wharehouse")
        .hasMessageContaining("local.conf");
  }

  @Test
  void unknownSystemPropertyIsRejected() {
    Properties sys = new Properties();
    sys.setProperty("polyreason.nope", "1");
    assertThatThrownBy(() -> ConfigLoader.load(null, null, List.of(), sys))
        .hasMessageContaining("polyreason.nope");
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
        .hasMessageContaining("prod")
        .hasMessageContaining("local, standalone, gpu-cluster");
  }

  @Test
  void malformedSetIsRejected() {
    assertThatThrownBy(
            () -> ConfigLoader.load(null, null, List.of("polyreason.warehouse"), new Properties()))
        .hasMessageContaining("key=value");
  }

  @Test
  void typedReadsNameKeyValueAndAllowed() {
    Settings s =
        new Settings(
            ConfigLoader.load(
                null, null, List.of("polyreason.ingest.alignment=maybe"), new Properties()));
    assertThatThrownBy(() -> s.oneOf("polyreason.ingest.alignment", List.of("error", "warn")))
        .hasMessage(
            "Bad value for polyreason.ingest.alignment: maybe; allowed: one of error, warn");
  }

  @Test
  void environmentOverlaysTravelInsideTheJarAndMatchConf() {
    Path conf = org.polyreason.testing.SharedData.repo().resolve("conf");
    Path noConf = dir.resolve("no-conf-here");
    for (String env : ConfigLoader.ENVS) {
      assertThat(getClass().getClassLoader().getResource("polyreason/env/" + env + ".conf"))
          .as("resource for --env %s", env)
          .isNotNull();
      Config fromJar = ConfigLoader.load(env, noConf, List.of(), new Properties());
      Config fromDisk = ConfigLoader.load(env, conf, List.of(), new Properties());
      assertThat(fromJar.root().unwrapped())
          .as("--env %s", env)
          .isEqualTo(fromDisk.root().unwrapped());
    }
  }

  @Test
  void environmentFileOnDiskWinsOverTheJarCopy() throws IOException {
    Path confDir = envFile("polyreason.warehouse = from-disk\n");
    assertThat(
            ConfigLoader.load("local", confDir, List.of(), new Properties())
                .getString("polyreason.warehouse"))
        .isEqualTo("from-disk");
  }

  @Test
  void configFileSitsBetweenSetAndEnvironment() throws IOException {
    Path confDir =
        envFile("polyreason { warehouse = from-env, data-root = env-data, run-id = env-run }");
    Path file = dir.resolve("user.conf");
    Files.writeString(file, "polyreason { warehouse = from-file, data-root = file-data }\n");
    for (String location : List.of(file.toString(), file.toUri().toString())) {
      Config c =
          ConfigLoader.load(
              "local",
              confDir,
              location,
              List.of("polyreason.warehouse=from-set"),
              new Properties());
      assertThat(c.getString("polyreason.warehouse")).as(location).isEqualTo("from-set");
      assertThat(c.getString("polyreason.data-root")).as(location).isEqualTo("file-data");
      assertThat(c.getString("polyreason.run-id")).as(location).isEqualTo("env-run");
    }
    assertThat(file.toUri().toString()).startsWith("file:/");
  }

  @Test
  void missingConfigFileIsOneLineNamingIt() {
    String uri = dir.resolve("absent.conf").toUri().toString();
    for (String location : List.of(dir.resolve("absent.conf").toString(), uri)) {
      assertThatThrownBy(() -> ConfigLoader.load(null, null, location, List.of(), new Properties()))
          .isInstanceOf(UserException.class)
          .hasMessage("Cannot read --config-file " + location + ": it does not exist");
    }
  }

  @Test
  void unknownKeyInConfigFileNamesTheFile() throws IOException {
    Path file = dir.resolve("user.conf");
    Files.writeString(file, "polyreason.wharehouse = x\n");
    assertThatThrownBy(
            () -> ConfigLoader.load(null, null, file.toString(), List.of(), new Properties()))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("polyreason.wharehouse")
        .hasMessageContaining("--config-file " + file);
  }
}
