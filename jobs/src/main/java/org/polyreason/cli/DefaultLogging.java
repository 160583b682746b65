package org.polyreason.cli;

import java.net.URISyntaxException;
import java.net.URL;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.DefaultConfiguration;

/**
 * The driver's logging when nobody configured it: a plain {@code spark-submit} of the jar (no
 * {@code -Dlog4j2.configurationFile}, no {@code log4j2.properties} in {@code SPARK_CONF_DIR}) gets
 * Spark's built-in defaults, which log every Spark INFO line. Then the copy of
 * {@code conf/log4j2.properties} inside the jar applies instead (polyreason at INFO, the rest at WARN).
 * A configuration the user chose is left alone.
 */
final class DefaultLogging {
  static final String RESOURCE = "polyreason/log4j2.properties";

  private DefaultLogging() {}

  static void applyUnlessConfigured() {
    if (!(LogManager.getContext(false) instanceof LoggerContext ctx)) {
      return; // another logging backend: not ours to configure
    }
    var config = ctx.getConfiguration();
    String location = config.getConfigurationSource() == null ? null
        : config.getConfigurationSource().getLocation();
    boolean sparkDefault = location != null && location.contains("org/apache/spark/log4j2");
    if (!(config instanceof DefaultConfiguration) && !sparkDefault) {
      return;
    }
    URL url = DefaultLogging.class.getClassLoader().getResource(RESOURCE);
    if (url == null) {
      return;
    }
    try {
      Configurator.reconfigure(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException("Bad resource URL " + url, e);
    }
  }
}
