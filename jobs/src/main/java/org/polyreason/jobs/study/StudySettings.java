package org.polyreason.jobs.study;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigValueType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.polyreason.common.UserException;
import org.polyreason.config.ConfigLoader;
import org.polyreason.config.Settings;
import org.polyreason.core.Job;
import org.polyreason.core.JobRunner;

/**
 * Settings of {@code study}: the experiment file {@code polyreason.study.file} and its stages, each
 * with its effective configuration and its job's settings, all validated before Spark starts.
 *
 * <p>Layers of a stage's configuration, highest first: system properties and {@code --set} (the
 * command line still wins, e.g. for a quick run with fewer bootstrap resamples), the stage's {@code
 * set}, the study-wide {@code set}, {@code conf/<env>.conf}, reference.conf. The study file may
 * refer to any effective key with HOCON substitutions, e.g. {@code ${polyreason.study.shared}}.
 */
public record StudySettings(String file, String name, List<Stage> stages) {
  /**
   * Keys of a study file; {@code stage-templates} holds named stage objects other files include and
   * refer to as {@code ${stage-templates.<name>}} (not run by itself).
   */
  static final Set<String> FILE_KEYS =
      Set.of("name", "description", "set", "stages", "stage-templates");

  static final Set<String> STAGE_KEYS = Set.of("name", "job", "set");

  /** One stage: its unique name, its job with parsed settings, and its effective configuration. */
  public record Stage(int index, String name, JobRunner.Prepared<?> job, Config config) {}

  /**
   * Reads the study file; {@code jobs} are the jobs a stage may run (from the CLI's registry), by
   * name.
   */
  public static StudySettings parse(Settings s, Map<String, Job<?>> jobs) {
    String file = s.string("polyreason.study.file").strip();
    if (file.isEmpty()) {
      return new StudySettings("", "", List.of());
    }
    Path path = locate(file);
    if (!Files.isRegularFile(path)) {
      throw Settings.bad(
          "polyreason.study.file",
          file,
          "an existing HOCON study file, e.g. conf/studies/tiny-test.conf");
    }
    Config raw = ConfigLoader.parseFile(path);
    for (String key : raw.root().keySet()) {
      if (!FILE_KEYS.contains(key)) {
        throw new UserException(
            "Unknown key "
                + key
                + " in study file "
                + file
                + "; allowed: "
                + String.join(", ", FILE_KEYS));
      }
    }
    Config study;
    try {
      // substitutions see the file itself (${stage-templates.x}) and the settings (${polyreason.x})
      study = raw.withFallback(s.config()).resolve(ConfigResolveOptions.defaults());
    } catch (ConfigException e) {
      throw new UserException("Cannot resolve study file " + file + ": " + e.getMessage(), e);
    }
    String fileName = path.getFileName().toString();
    String name =
        study.hasPath("name") ? study.getString("name") : fileName.replaceFirst("\\.conf$", "");
    requireName(name, "name", file);
    Config reference = ConfigLoader.reference();
    Config shared = layer(study, "set", file, "set", reference);
    if (!study.hasPath("stages") || study.getValue("stages").valueType() != ConfigValueType.LIST) {
      throw new UserException(
          "Study file " + file + " needs stages = [ { job = ingest, set { ... } }, ... ]");
    }
    List<Stage> stages = new ArrayList<>();
    Set<String> names = new HashSet<>();
    List<? extends Config> list;
    try {
      list = study.getConfigList("stages");
    } catch (ConfigException e) {
      throw new UserException(
          "Study file " + file + ": stages must be a list of objects { job = ..., set { ... } }",
          e);
    }
    for (int i = 0; i < list.size(); i++) {
      Config st = list.get(i);
      String where = "stages[" + i + "]";
      for (String key : st.root().keySet()) {
        if (!STAGE_KEYS.contains(key)) {
          throw new UserException(
              "Unknown key "
                  + key
                  + " in "
                  + where
                  + " of study file "
                  + file
                  + "; allowed: "
                  + String.join(", ", STAGE_KEYS));
        }
      }
      if (!st.hasPath("job")) {
        throw new UserException(
            where + " of study file " + file + " has no job; available jobs: " + available(jobs));
      }
      String jobName = st.getString("job");
      String stageName = st.hasPath("name") ? st.getString("name") : jobName;
      requireName(stageName, where + ".name", file);
      if (!names.add(stageName)) {
        throw new UserException(
            "Duplicate stage name "
                + stageName
                + " in study file "
                + file
                + "; give repeated jobs distinct names, e.g. { name = import-mcot, job = import }");
      }
      Job<?> job = jobs.get(jobName);
      if (job == null) {
        throw new UserException(
            "Stage "
                + stageName
                + " ("
                + where
                + ") of study file "
                + file
                + " runs job "
                + jobName
                + ", which is not registered; available jobs: "
                + available(jobs));
      }
      Config stageSet = layer(st, "set", file, where + ".set", reference);
      Config effective;
      try {
        effective =
            s.overrides()
                .withFallback(stageSet)
                .withFallback(shared)
                .withFallback(s.config())
                .resolve(ConfigResolveOptions.defaults());
      } catch (ConfigException e) {
        throw new UserException(
            "Invalid configuration of stage " + stageName + ": " + e.getMessage(), e);
      }
      JobRunner.Prepared<?> prepared;
      try {
        prepared = JobRunner.prepare(job, new Settings(effective, s.overrides()));
      } catch (UserException e) {
        throw new UserException(
            "Stage " + stageName + " (" + jobName + ") of study " + name + ": " + e.getMessage(),
            e);
      }
      stages.add(new Stage(i, stageName, prepared, effective));
    }
    return new StudySettings(file, name, List.copyOf(stages));
  }

  /**
   * Fails when no study file is configured (the job validates under every environment without one).
   */
  public void requireConfigured() {
    if (file.isEmpty()) {
      throw Settings.bad(
          "polyreason.study.file", "\"\"", "a study file, e.g. conf/studies/tiny-test.conf");
    }
    if (stages.isEmpty()) {
      throw new UserException("Study file " + file + " has no stages");
    }
  }

  private static Config layer(
      Config parent, String key, String file, String where, Config reference) {
    if (!parent.hasPath(key)) {
      return ConfigFactory.empty();
    }
    if (parent.getValue(key).valueType() != ConfigValueType.OBJECT) {
      throw new UserException(
          where
              + " in study file "
              + file
              + " must be an object, e.g. set { polyreason.aggregate.seed = 7 }");
    }
    Config c = parent.getConfig(key);
    for (String top : c.root().keySet()) {
      if (!top.equals(ConfigLoader.ROOT)) {
        throw new UserException(
            "Key " + top + " in " + where + " of study file " + file + " is not under polyreason");
      }
    }
    ConfigLoader.checkKnownKeys(c, reference, file + " " + where);
    if (c.hasPath("polyreason.study")) {
      throw new UserException(
          where
              + " in study file "
              + file
              + " may not set polyreason.study.* (studies do not nest)");
    }
    return c;
  }

  private static void requireName(String name, String where, String file) {
    if (!name.matches("[A-Za-z0-9._-]{1,64}")) {
      throw new UserException(
          "Bad "
              + where
              + " in study file "
              + file
              + ": "
              + name
              + "; allowed: letters, digits, '.', '_' or '-' (at most 64)");
    }
  }

  private static String available(Map<String, Job<?>> jobs) {
    return String.join(", ", jobs.keySet());
  }

  /**
   * A relative study file is looked up in the working directory, then beside the installation's
   * {@code conf/} folder ({@link ConfigLoader#confDir()}, whose parent is the installation), so the
   * default {@code conf/studies/quickstart.conf} is found from any directory.
   */
  static Path locate(String file) {
    Path path = Path.of(file);
    if (path.isAbsolute() || Files.exists(path)) {
      return path;
    }
    Path home = ConfigLoader.confDir().toAbsolutePath().normalize().getParent();
    if (home != null && Files.isRegularFile(home.resolve(file))) {
      return home.resolve(file);
    }
    return path;
  }
}
