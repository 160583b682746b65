package org.polyreason.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.polyreason.cli.JobRegistry;
import org.polyreason.core.CommonSettings;
import org.polyreason.core.Job;
import org.polyreason.jobs.study.StudySettings;
import org.polyreason.testing.SharedData;

/** Every environment file in conf/ parses, uses only known keys and validates for every job. */
class ConfFilesTest {
  static final List<String> REQUIRED_INPUTS =
      List.of(
          "polyreason.import.path=/data/outputs",
          "polyreason.import.model=m",
          "polyreason.models.tiny.path="
              + SharedData.root().resolve("models/tiny-random-llama-onnx-fp16"),
          "polyreason.generate.models=[tiny]",
          "polyreason.study.shared=" + SharedData.root());

  static Stream<String> environments() throws IOException {
    Path conf = SharedData.repo().resolve("conf");
    try (Stream<Path> files = Files.list(conf)) {
      List<String> envs =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".conf"))
              .map(n -> n.substring(0, n.length() - 5))
              .sorted()
              .toList();
      assertThat(envs).containsAll(ConfigLoader.ENVS);
      return envs.stream();
    }
  }

  @ParameterizedTest
  @MethodSource("environments")
  void environmentValidatesForEveryJob(String env) {
    Path conf = SharedData.repo().resolve("conf");
    // Keys that have no sensible default (what to import, ...) are supplied as a user would.
    Settings s = new Settings(ConfigLoader.load(env, conf, REQUIRED_INPUTS, new Properties()));
    assertThat(CommonSettings.parse(s).warehouse()).isNotBlank();
    for (Job<?> job : JobRegistry.all().values()) {
      assertThat((Object) job.parse(s))
          .as("settings of job %s under --env %s", job.name(), env)
          .isNotNull();
    }
  }

  static Stream<String> studies() throws IOException {
    try (Stream<Path> files = Files.list(SharedData.repo().resolve("conf/studies"))) {
      List<Path> confs = files.filter(p -> p.toString().endsWith(".conf")).sorted().toList();
      List<String> names = new ArrayList<>();
      for (Path p : confs) {
        Config raw = ConfigFactory.parseFile(p.toFile());
        if (raw.hasPath("stages")) {
          names.add(p.getFileName().toString());
        } else {
          // a file of stage templates only, included by studies (which are validated below)
          assertThat(raw.hasPath("stage-templates"))
              .as("%s has stages or stage-templates", p)
              .isTrue();
        }
      }
      assertThat(names)
          .contains("tiny-test.conf", "mgsm-published.conf", "quickstart.conf", "cds-warm-up.conf");
      return names.stream();
    }
  }

  /** Every study file parses and every one of its stages validates, under every environment. */
  @ParameterizedTest
  @MethodSource("studies")
  void studyValidatesUnderEveryEnvironment(String study) throws IOException {
    Path conf = SharedData.repo().resolve("conf");
    List<String> sets =
        List.of(
            "polyreason.study.file=" + conf.resolve("studies").resolve(study),
            "polyreason.study.shared=" + SharedData.root());
    for (String env : environments().toList()) {
      Settings s =
          new Settings(
              ConfigLoader.load(env, conf, sets, new Properties()),
              ConfigLoader.overrides(sets, new Properties()));
      StudySettings parsed = (StudySettings) JobRegistry.find("study").orElseThrow().parse(s);
      assertThat(parsed.stages()).as("stages of %s under --env %s", study, env).isNotEmpty();
      if (study.equals("cds-warm-up.conf")) {
        // the launcher's class-data sharing warm-up (submit-scripts/lib.sh): no models, no report
        assertThat(parsed.stages())
            .extracting(st -> st.job().name())
            .containsExactly("ingest", "parallel-data");
      } else {
        assertThat(parsed.stages())
            .extracting(st -> st.job().name())
            .contains("ingest", "score", "aggregate", "report");
      }
    }
  }

  @ParameterizedTest
  @MethodSource("environments")
  void sparkPropertiesExistBesideEachEnvironment(String env) {
    assertThat(SharedData.repo().resolve("conf").resolve(env + ".spark.properties")).exists();
  }
}
