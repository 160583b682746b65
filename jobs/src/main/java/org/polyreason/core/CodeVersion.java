package org.polyreason.core;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The code version recorded with every run: {@code -Dpolyreason.code-version} (the launcher passes
 * {@code git describe --always --dirty}) or else the version Maven wrote into the jar.
 */
public final class CodeVersion {
  private CodeVersion() {}

  public static String get() {
    String fromLauncher =
        System.getProperty(
                "polyreason.code-version",
                System.getenv().getOrDefault("POLYREASON_CODE_VERSION", ""))
            .strip();
    if (!fromLauncher.isEmpty()) {
      return fromLauncher;
    }
    try (InputStream in = CodeVersion.class.getResourceAsStream("/polyreason-version.properties")) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        return p.getProperty("version", "unknown");
      }
    } catch (IOException e) {
      return "unknown (" + e.getMessage() + ")";
    }
    return "unknown";
  }
}
