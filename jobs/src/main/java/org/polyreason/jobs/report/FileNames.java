package org.polyreason.jobs.report;

import java.util.Locale;

/** Figure file names from user-named things (series, benchmarks): lower case, [a-z0-9._-] only. */
final class FileNames {
  private FileNames() {}

  static String safe(String s) {
    String t =
        s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-").replaceAll("^-+|-+$", "");
    return t.isEmpty() ? "x" : t;
  }
}
