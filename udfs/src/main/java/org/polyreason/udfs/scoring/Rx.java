package org.polyreason.udfs.scoring;

import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Regular expressions written inline ({@code Rx.replaceAll(s, "\\s+", " ")}) but compiled once per
 * JVM: {@link String#replaceAll} and {@link String#matches} compile their pattern on every call,
 * which cost more than the rest of scoring a short answer (ScoringBenchmark, JFR).
 */
final class Rx {
  private static final ConcurrentHashMap<String, Pattern> COMPILED = new ConcurrentHashMap<>();

  private Rx() {}

  /** The compiled {@code regex}, from this JVM's cache. */
  static Pattern of(String regex) {
    Pattern p = COMPILED.get(regex);
    return p != null ? p : COMPILED.computeIfAbsent(regex, Pattern::compile);
  }

  /** {@link String#replaceAll} with a cached pattern. */
  static String replaceAll(String s, String regex, String replacement) {
    return of(regex).matcher(s).replaceAll(replacement);
  }

  /** {@link String#matches} with a cached pattern. */
  static boolean matches(String s, String regex) {
    return of(regex).matcher(s).matches();
  }
}
