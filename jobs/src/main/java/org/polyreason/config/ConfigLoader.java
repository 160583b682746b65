package org.polyreason.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigValue;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.fs.FileSystem;
import org.polyreason.common.HadoopFiles;
import org.polyreason.common.UserException;

/**
 * Builds the effective configuration, written once for every job. Precedence, highest first: JVM
 * system properties, {@code --set key=value}, {@code --config-file <path or URI>}, the environment
 * overlay, {@code reference.conf}.
 *
 * <p>The environment overlay is {@code <conf dir>/<env>.conf} when that file exists, else the copy
 * of {@code conf/<env>.conf} built into the application jar ({@value #ENV_RESOURCE_DIR}), so that
 * the jar alone runs on a node that holds no checkout (spark-submit's cluster deploy mode).
 *
 * <p>Every key a user supplies under {@code polyreason} must exist in {@code reference.conf}; the
 * only open maps are listed in {@link #OPEN_MAPS} (their entries are checked by the job that reads
 * them).
 */
public final class ConfigLoader {
  public static final String ROOT = "polyreason";
  public static final List<String> ENVS = List.of("local", "standalone", "gpu-cluster");

  /** Subtrees whose children are user-named (model ids, study-specific maps). */
  static final Set<String> OPEN_MAPS = Set.of("polyreason.models");

  /** System properties of ours that are not configuration (test and launcher plumbing). */
  static final Set<String> INTERNAL_PROPERTIES =
      Set.of(
          "polyreason.shared",
          "polyreason.require-shared",
          "polyreason.repo",
          "polyreason.code-version",
          "polyreason.conf-dir",
          "polyreason.regenerate-golden");

  /** Classpath folder of the environment overlays packaged from conf/*.conf (see jobs/pom.xml). */
  public static final String ENV_RESOURCE_DIR = "polyreason/env";

  private ConfigLoader() {}

  /**
   * The installation's {@code conf/} folder: system property {@code polyreason.conf-dir}, else
   * {@code $POLYREASON_CONF_DIR} (set by submit-scripts/polyreason), else {@code conf} in the
   * working directory.
   */
  public static Path confDir() {
    String prop = System.getProperty("polyreason.conf-dir");
    if (prop != null && !prop.isBlank()) {
      return Path.of(prop);
    }
    String env = System.getenv("POLYREASON_CONF_DIR");
    return Path.of(env != null && !env.isBlank() ? env : "conf");
  }

  /** The reference configuration alone (defaults), as shipped in the jar. */
  public static Config reference() {
    return ConfigFactory.parseResources(
        ConfigLoader.class.getClassLoader(),
        "reference.conf",
        ConfigParseOptions.defaults().setAllowMissing(false));
  }

  /**
   * Loads and validates the configuration.
   *
   * @param env environment name ({@code local}, {@code standalone}, {@code gpu-cluster}) or null
   * @param confDir directory holding {@code <env>.conf}; null = {@code conf}
   * @param sets {@code key=value} strings from the command line, in order
   * @param systemProperties usually {@link System#getProperties()}
   */
  public static Config load(
      String env, Path confDir, List<String> sets, Properties systemProperties) {
    return load(env, confDir, null, sets, systemProperties);
  }

  /**
   * Loads and validates the configuration, with a user overlay file.
   *
   * @param configFile {@code --config-file}: a local path or a Hadoop URI of a HOCON file, or null
   */
  public static Config load(
      String env, Path confDir, String configFile, List<String> sets, Properties systemProperties) {
    Config reference = reference();
    Config envConf = ConfigFactory.empty();
    if (env != null) {
      envConf = envOverlay(env, confDir == null ? Path.of("conf") : confDir, reference);
    }
    Config fileConf = ConfigFactory.empty();
    if (configFile != null) {
      fileConf = parseConfigFile(configFile);
      checkKnownKeys(fileConf, reference, "--config-file " + configFile);
    }
    Config setConf = parseSets(sets);
    checkKnownKeys(setConf, reference, "--set");
    Config sysConf = systemPolyreasonProperties(systemProperties);
    checkKnownKeys(sysConf, reference, "-D system property");
    try {
      return sysConf
          .withFallback(setConf)
          .withFallback(fileConf)
          .withFallback(envConf)
          .withFallback(reference)
          .resolve(ConfigResolveOptions.defaults());
    } catch (ConfigException e) {
      throw new UserException("Invalid configuration: " + e.getMessage(), e);
    }
  }

  /**
   * The user's override layers alone, system properties over {@code --set}, checked for unknown
   * keys: what {@link #load} puts above the environment file and reference.conf.
   */
  public static Config overrides(List<String> sets, Properties systemProperties) {
    Config reference = reference();
    Config setConf = parseSets(sets);
    checkKnownKeys(setConf, reference, "--set");
    Config sysConf = systemPolyreasonProperties(systemProperties);
    checkKnownKeys(sysConf, reference, "-D system property");
    return sysConf.withFallback(setConf);
  }

  /** {@code <confDir>/<env>.conf} when it exists, else the overlay built into the jar. */
  private static Config envOverlay(String env, Path confDir, Config reference) {
    if (!ENVS.contains(env)) {
      throw new UserException(
          "Unknown environment --env " + env + "; allowed: " + String.join(", ", ENVS));
    }
    Path file = confDir.resolve(env + ".conf");
    Config conf;
    String origin;
    if (Files.isRegularFile(file)) {
      conf = parseFile(file);
      origin = file.toString();
    } else {
      String resource = ENV_RESOURCE_DIR + "/" + env + ".conf";
      URL url = ConfigLoader.class.getClassLoader().getResource(resource);
      if (url == null) {
        throw new UserException(
            "Environment overlay for --env "
                + env
                + " not found: "
                + file
                + " does not exist and the application jar holds no "
                + resource);
      }
      try {
        conf = ConfigFactory.parseURL(url, ConfigParseOptions.defaults().setAllowMissing(false));
      } catch (ConfigException e) {
        throw new UserException("Cannot parse " + url + ": " + e.getMessage(), e);
      }
      origin = url.toString();
    }
    checkKnownKeys(conf, reference, origin);
    return conf;
  }

  /**
   * Where the overlay of {@code env} comes from: {@code <confDir>/<env>.conf} when it exists, else
   * the jar's copy (null when neither exists). The CLI logs it once the settings are valid, so that
   * a rejected setting leaves exactly one line on stderr.
   */
  public static String overlayOrigin(String env, Path confDir) {
    Path file = confDir.resolve(env + ".conf");
    if (Files.isRegularFile(file)) {
      return file.toString();
    }
    URL url =
        ConfigLoader.class.getClassLoader().getResource(ENV_RESOURCE_DIR + "/" + env + ".conf");
    return url == null ? null : url.toString();
  }

  /**
   * Reads {@code --config-file}: a URI through Hadoop's FileSystem (hdfs://, s3a://, gs://,
   * abfs://, file:/, with the {@code spark.hadoop.*} settings of spark-submit), a plain path from
   * the local disk.
   */
  static Config parseConfigFile(String location) {
    String text;
    try {
      if (HadoopFiles.isUri(location)) {
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(location);
        FileSystem fs = p.getFileSystem(HadoopFiles.configuration());
        try (InputStream in = fs.open(p)) {
          text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
      } else {
        text = Files.readString(Path.of(location), StandardCharsets.UTF_8);
      }
    } catch (FileNotFoundException | NoSuchFileException e) {
      throw new UserException("Cannot read --config-file " + location + ": it does not exist", e);
    } catch (IOException | RuntimeException e) {
      throw new UserException("Cannot read --config-file " + location + ": " + e, e);
    }
    try {
      return ConfigFactory.parseString(
          text, ConfigParseOptions.defaults().setOriginDescription(location));
    } catch (ConfigException e) {
      throw new UserException("Cannot parse --config-file " + location + ": " + e.getMessage(), e);
    }
  }

  /** Parses one HOCON file, turning syntax errors into a one-line message with file and line. */
  public static Config parseFile(Path file) {
    try {
      return ConfigFactory.parseFile(
          file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
    } catch (ConfigException e) {
      throw new UserException("Cannot parse " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Parses {@code --set key=value} pairs. A value starting with {@code [} or <code>{</code> is
   * parsed as HOCON (lists, objects); anything else is taken verbatim as a string, so URIs such as
   * {@code hdfs://nn/wh} survive (HOCON would read {@code //} as a comment).
   */
  static Config parseSets(List<String> sets) {
    Config result = ConfigFactory.empty();
    for (String set : sets) {
      int eq = set.indexOf('=');
      if (eq <= 0) {
        throw new UserException(
            "Bad --set " + set + "; expected key=value, e.g. --set polyreason.warehouse=/tmp/wh");
      }
      String key = set.substring(0, eq).strip();
      String value = set.substring(eq + 1).strip();
      Config one;
      if (value.startsWith("[") || value.startsWith("{")) {
        try {
          one = ConfigFactory.parseString("v = " + value).getValue("v").atPath(key);
        } catch (ConfigException e) {
          throw new UserException(
              "Bad --set "
                  + key
                  + "="
                  + value
                  + ": not a valid HOCON list or object ("
                  + e.getMessage()
                  + ")",
              e);
        }
      } else {
        try {
          one = ConfigFactory.parseMap(Map.of(key, value), "--set");
        } catch (ConfigException e) {
          throw new UserException("Bad --set key " + key + ": " + e.getMessage(), e);
        }
      }
      result = one.withFallback(result);
    }
    return result;
  }

  private static Config systemPolyreasonProperties(Properties props) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (String name : props.stringPropertyNames()) {
      if (name.startsWith(ROOT + ".") && !INTERNAL_PROPERTIES.contains(name)) {
        map.put(name, props.getProperty(name));
      }
    }
    return ConfigFactory.parseMap(map, "system properties");
  }

  /** Rejects keys under {@code polyreason} that reference.conf does not define. */
  public static void checkKnownKeys(Config user, Config reference, String origin) {
    Set<String> unknown = new TreeSet<>();
    for (Map.Entry<String, ConfigValue> e : user.entrySet()) {
      String key = e.getKey();
      if (!key.startsWith(ROOT + ".") && !key.equals(ROOT)) {
        continue; // other libraries' keys (akka-style) are not ours to police
      }
      if (OPEN_MAPS.stream().anyMatch(m -> key.startsWith(m + "."))) {
        continue;
      }
      if (!reference.hasPathOrNull(key) && !isInsideListValue(key, reference)) {
        unknown.add(key);
      }
    }
    if (!unknown.isEmpty()) {
      String first = unknown.iterator().next();
      throw new UserException(
          "Unknown configuration key "
              + first
              + " (from "
              + origin
              + "); "
              + "known keys near it: "
              + nearbyKeys(first, reference)
              + (unknown.size() > 1 ? " (" + (unknown.size() - 1) + " more unknown keys)" : ""));
    }
  }

  private static boolean isInsideListValue(String key, Config reference) {
    // entrySet() flattens objects only, so a key is either a leaf in reference or unknown; lists of
    // objects (e.g. ingest.generic) are values at their own path and validated by the job.
    int dot = key.lastIndexOf('.');
    while (dot > 0) {
      String parent = key.substring(0, dot);
      if (reference.hasPathOrNull(parent)) {
        return reference.getValue(parent).valueType() == com.typesafe.config.ConfigValueType.LIST;
      }
      dot = parent.lastIndexOf('.');
    }
    return false;
  }

  private static String nearbyKeys(String key, Config reference) {
    String prefix = key.contains(".") ? key.substring(0, key.lastIndexOf('.')) : key;
    while (prefix.contains(".") && !reference.hasPath(prefix)) {
      prefix = prefix.substring(0, prefix.lastIndexOf('.'));
    }
    Set<String> keys = new TreeSet<>();
    for (String k : reference.entrySet().stream().map(Map.Entry::getKey).toList()) {
      if (k.startsWith(prefix + ".")) {
        keys.add(k);
      }
    }
    return keys.isEmpty() ? "(none)" : String.join(", ", keys);
  }
}
