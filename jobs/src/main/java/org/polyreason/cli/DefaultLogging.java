package org.polyreason.cli;

import java.net.URISyntaxException;
import java.net.URL;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.DefaultConfiguration;

/**
 * The driver's logging when nobody configured it: a plain {@code spark-submit} of the jar (no
 * {@code -Dlog4j2.configurationFile}, no {@code log4j2.properties} in {@code SPARK_CONF_DIR}) gets
 * Spark's built-in defaults, which log every Spark INFO line. Then the copy of {@code
 * conf/log4j2.properties} inside the jar applies instead (polyreason at INFO, the rest at WARN). A
 * configuration the user chose is left alone. Applied when the CLI starts and again once the
 * SparkSession exists, because a starting SparkContext puts Spark's defaults back.
 */
final class DefaultLogging {
  static final String RESOURCE = "polyreason/log4j2.properties";

  private DefaultLogging() {}

  static void applyUnlessConfigured() {
    URL url = DefaultLogging.class.getClassLoader().getResource(RESOURCE);
    if (url == null) {
      return;
    }
    // spark-submit loads the application jar in a child class loader, and log4j keeps one context
    // per
    // class loader: configure Spark's (which its classes log through, and which SparkContext checks
    // for "still the defaults" when it starts) and ours.
    Set<LoggerContext> contexts = Collections.newSetFromMap(new IdentityHashMap<>());
    for (ClassLoader loader :
        new ClassLoader[] {
          org.apache.spark.SparkConf.class.getClassLoader(), DefaultLogging.class.getClassLoader()
        }) {
      if (LogManager.getContext(loader, false) instanceof LoggerContext ctx && unconfigured(ctx)) {
        contexts.add(ctx);
      }
    }
    for (LoggerContext ctx : contexts) {
      try {
        ctx.setConfigLocation(url.toURI());
      } catch (URISyntaxException e) {
        throw new IllegalStateException("Bad resource URL " + url, e);
      }
    }
  }

  /** Log4j's fallback or Spark's built-in defaults, i.e. nobody chose a configuration. */
  private static boolean unconfigured(LoggerContext ctx) {
    var config = ctx.getConfiguration();
    String location =
        config.getConfigurationSource() == null
            ? null
            : config.getConfigurationSource().getLocation();
    return config instanceof DefaultConfiguration
        || location != null && location.contains("org/apache/spark/log4j2");
  }
}
