package org.polyreason.udfs.stats;

/**
 * Seed for property tests: fixed by default so CI is reproducible; {@code -Dpolyreason.test-seed=N}
 * explores other inputs. Every property assertion names the seed, so a failure can be replayed.
 */
final class TestSeed {

  private static final long DEFAULT = 20_261_126L;

  private TestSeed() {}

  static long get() {
    return Long.getLong("polyreason.test-seed", DEFAULT);
  }
}
