package org.polyreason.inference;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates {@code ../shared} (system property {@code polyreason.shared}, else {@code shared} beside
 * the repository root). Tests that need it are skipped with the reason when it is absent, and fail
 * instead when {@code -Dpolyreason.require-shared=true}.
 */
final class SharedModels {

  private SharedModels() {}

  static Path shared() {
    String prop = System.getProperty("polyreason.shared");
    Path dir;
    if (prop != null && !prop.isBlank() && !prop.startsWith("${")) {
      dir = Path.of(prop);
    } else {
      String repo = System.getProperty("polyreason.repo");
      Path root =
          repo != null && !repo.isBlank() && !repo.startsWith("${")
              ? Path.of(repo)
              : Path.of("").toAbsolutePath().getParent();
      dir = root.resolve("../shared").normalize();
    }
    return dir.toAbsolutePath().normalize();
  }

  /** A path under shared/, or skips (fails if required) when it is missing. */
  static Path require(String relative) {
    Path p = shared().resolve(relative);
    boolean present = Files.exists(p);
    if (!present && Boolean.getBoolean("polyreason.require-shared")) {
      throw new IllegalStateException("Required shared file missing: " + p);
    }
    assumeTrue(
        present,
        () -> "Skipped: shared folder file " + p + " is absent" + " (set -Dpolyreason.shared=DIR)");
    return p;
  }

  static Path tinyLlamaDir() {
    return require("models/tiny-random-llama-onnx-fp16");
  }

  static Path tinyLlamaOnnx() {
    return tinyLlamaDir().resolve("model.onnx");
  }

  static Path qwenTokenizerDir() {
    return require("models/qwen3-tokenizer");
  }
}
