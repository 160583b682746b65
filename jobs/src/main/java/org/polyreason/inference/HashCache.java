package org.polyreason.inference;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remembers content hashes of model files across runs, so that the default model revision (SHA-256
 * of gigabytes of weights) is computed once per file version rather than on every {@code generate}
 * launch. An entry is keyed by each file's absolute path, size and modification time; a file that
 * changes gets a new key. One small file per entry, written atomically, so concurrent runs at worst
 * compute the same hash twice. A cache that cannot be read or written is skipped with a warning.
 */
final class HashCache {

  private static final Logger LOG = LoggerFactory.getLogger(HashCache.class);
  private static final Pattern VALUE = Pattern.compile("sha256:[0-9a-f]{64}");

  private HashCache() {}

  /** {@code model-hashes} under {@link #baseDir()}. */
  static Path defaultDir() {
    return baseDir().resolve("model-hashes");
  }

  /**
   * Our cache root on this node: {@code $POLYREASON_CACHE_DIR}, else {@code
   * $XDG_CACHE_HOME/polyreason}, else {@code ~/.cache/polyreason}.
   */
  static Path baseDir() {
    String own = System.getenv("POLYREASON_CACHE_DIR");
    if (own != null && !own.isBlank()) {
      return Path.of(own);
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base =
        xdg != null && !xdg.isBlank()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("polyreason");
  }

  /**
   * The cached hash of {@code files} in {@code dir}, else {@code compute}'s, stored for next time.
   */
  static String get(Path dir, List<Path> files, Supplier<String> compute) {
    String key;
    try {
      key = key(files);
    } catch (IOException e) {
      return compute.get();
    }
    Path entry = dir.resolve(key);
    try {
      if (Files.isRegularFile(entry)) {
        String cached = Files.readString(entry, StandardCharsets.UTF_8).strip();
        if (VALUE.matcher(cached).matches()) {
          return cached;
        }
      }
    } catch (IOException e) {
      LOG.warn("Model hash cache {} unreadable ({}); hashing the files", entry, e.toString());
    }
    String hash = compute.get();
    try {
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, key, ".tmp");
      Files.writeString(tmp, hash + "\n", StandardCharsets.UTF_8);
      try {
        Files.move(tmp, entry, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, entry, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      LOG.warn(
          "Model hash cache {} not writable ({}); the hash will be recomputed next run",
          dir,
          e.toString());
    }
    return hash;
  }

  private static String key(List<Path> files) throws IOException {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (Path f : files) {
        String line =
            f.toAbsolutePath().normalize()
                + "\t"
                + Files.size(f)
                + "\t"
                + Files.getLastModifiedTime(f).toInstant()
                + "\n";
        sha.update(line.getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
