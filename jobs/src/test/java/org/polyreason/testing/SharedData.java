package org.polyreason.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates ../shared (reference data and models). Tests that need it are skipped with a reason when
 * it is absent, and fail instead when {@code -Dpolyreason.require-shared=true} (CI sets this).
 */
public final class SharedData {
  private SharedData() {}

  public static Path root() {
    String prop = System.getProperty("polyreason.shared");
    return Path.of(prop != null ? prop : "../shared").toAbsolutePath().normalize();
  }

  /** Returns {@code root()/relative}, skipping (or failing, when required) if it does not exist. */
  public static Path require(String relative) {
    Path p = root().resolve(relative);
    boolean present = Files.exists(p);
    if (!present && Boolean.getBoolean("polyreason.require-shared")) {
      throw new AssertionError(
          "Shared reference data " + p + " is missing and -Dpolyreason.require-shared=true");
    }
    assumeTrue(present, "shared reference data " + p + " is absent; skipping");
    return p;
  }

  /** The repository root (for conf/, submit-scripts/, notebooks-export/). */
  public static Path repo() {
    String prop = System.getProperty("polyreason.repo");
    return Path.of(prop != null ? prop : "..").toAbsolutePath().normalize();
  }
}
