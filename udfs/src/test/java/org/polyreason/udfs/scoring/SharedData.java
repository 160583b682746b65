package org.polyreason.udfs.scoring;

import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Locates {@code ../shared} for tests that read real reference data.
 *
 * <p>The folder comes from the system property {@code polyreason.shared} (set by surefire), else
 * {@code ../shared} relative to the repository root ({@code polyreason.repo}, else the working
 * directory's parent when run from a module). When the data is absent the calling test is skipped
 * with the reason, unless {@code polyreason.require-shared=true}, in which case it fails.
 */
public final class SharedData {

  private SharedData() {}

  /** The shared folder as configured (it may not exist). */
  public static Path root() {
    String prop = System.getProperty("polyreason.shared");
    if (prop != null && !prop.isBlank() && !prop.contains("${")) {
      return Path.of(prop).toAbsolutePath().normalize();
    }
    String repo = System.getProperty("polyreason.repo");
    Path base = repo != null && !repo.contains("${") ? Path.of(repo) : repoRootGuess();
    return base.resolve("../shared").toAbsolutePath().normalize();
  }

  private static Path repoRootGuess() {
    Path cwd = Path.of("").toAbsolutePath();
    return Files.exists(cwd.resolve("udfs")) ? cwd : cwd.getParent();
  }

  /**
   * {@code root()/relative}, or skips (or fails, when required) the test when it does not exist.
   */
  public static Path require(String relative) {
    Path p = root().resolve(relative);
    if (!Files.exists(p)) {
      String reason =
          "Shared reference data not found: "
              + p
              + " (set -Dpolyreason.shared=<dir>; see shared/README.md)";
      if (Boolean.getBoolean("polyreason.require-shared")) {
        fail(reason + " and -Dpolyreason.require-shared=true");
      }
      Assumptions.assumeTrue(false, reason);
    }
    return p;
  }
}
