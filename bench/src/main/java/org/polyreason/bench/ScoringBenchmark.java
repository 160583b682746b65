package org.polyreason.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.polyreason.udfs.scoring.AnswerScorer;
import org.polyreason.udfs.scoring.LanguageDetector;
import org.polyreason.udfs.scoring.RefData;

/**
 * Scores every s1 trace in shared/data/generations/s1-language-forcing-mgsm (all models and
 * settings) and prints responses per second on one core (a single thread), with and without
 * language detection.
 *
 * <p>Run: {@code submit-scripts/bench-score.sh core [shared-dir]}.
 */
public final class ScoringBenchmark {

  private static final String S1_DATA = "data/generations/s1-language-forcing-mgsm/data";

  private static final int WARM_UP = 2;
  private static final int ROUNDS =
      Math.max(WARM_UP + 1, Integer.getInteger("polyreason.bench.rounds", 7));

  private ScoringBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args.length > 0 ? args[0] : "../shared").resolve(S1_DATA);
    if (!Files.isDirectory(root)) {
      System.err.println(
          "No s1 data at " + root + "; pass the shared folder as the first argument");
      System.exit(2);
    }
    List<String[]> traces = new ArrayList<>();
    try (Stream<Path> settings = Files.list(root)) {
      for (Path setting : settings.sorted().toList()) {
        try (Stream<Path> langs = Files.list(setting)) {
          for (Path lang : langs.sorted().toList()) {
            RefData.s1(lang)
                .forEach(
                    r ->
                        traces.add(
                            new String[] {r.output(), r.gold(), lang.getFileName().toString()}));
          }
        }
      }
    }
    long chars = traces.stream().mapToLong(t -> t[0].length()).sum();
    System.out.printf(
        Locale.ROOT,
        "%d traces, %.1f MB of text, %d available processors%n",
        traces.size(),
        chars / 1e6,
        Runtime.getRuntime().availableProcessors());
    long t0 = System.nanoTime();
    LanguageDetector.detect(
        "Load the trigram models once, before any timing starts, with this sentence.");
    System.out.printf(
        Locale.ROOT, "language models load: %.2f s%n", (System.nanoTime() - t0) / 1e9);
    // optional second argument: "off" or "on" times only that mode (e.g. to profile it)
    String only = args.length > 1 ? args[1] : "";
    List<Boolean> modes =
        switch (only) {
          case "off" -> List.of(false);
          case "on" -> List.of(true);
          default -> List.of(false, true);
        };
    for (boolean detect : modes) {
      // rounds 1-2 warm the JIT up; the median of the rest (5 by default) is the figure
      double[] rates = new double[ROUNDS];
      for (int round = 0; round < ROUNDS; round++) {
        int correct = 0;
        long start = System.nanoTime();
        for (String[] t : traces) {
          correct += AnswerScorer.score(t[0], t[1], null, t[2], detect).correct() ? 1 : 0;
        }
        double secs = (System.nanoTime() - start) / 1e9;
        rates[round] = traces.size() / secs;
        System.out.printf(
            Locale.ROOT,
            "language detection %-5s round %d: %.2f s, %.0f responses/s (%d correct)%n",
            detect,
            round + 1,
            secs,
            rates[round],
            correct);
      }
      double[] timed = java.util.Arrays.copyOfRange(rates, WARM_UP, ROUNDS);
      java.util.Arrays.sort(timed);
      System.out.printf(
          Locale.ROOT,
          "language detection %-5s: %.0f responses/s on one thread (median of rounds %d-%d;"
              + " best %.0f)%n",
          detect,
          timed[timed.length / 2],
          WARM_UP + 1,
          ROUNDS,
          timed[timed.length - 1]);
    }
  }
}
