package org.polyreason.jobs.ingest;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.polyreason.common.UserException;
import org.polyreason.synthetic.SyntheticLexicon;
import org.polyreason.udfs.scoring.GoldAnswer;

/**
 * The {@code synthetic} benchmark: templated one- and two-step arithmetic word problems, generated
 * (no files), the same problem in every language of {@link SyntheticLexicon}.
 *
 * <p>Problems are drawn once from the seed, independent of the languages asked for: problem {@code
 * test-0007} has the same template, numbers, names and object, hence the same answer, in every
 * language. The test problems are drawn first; a training problem never repeats the (template,
 * numbers) key of any other problem, so train and test are disjoint even when names or objects
 * differ. The split is the {@code subset} column ({@code train} / {@code test}), the number of
 * steps the {@code level} ({@code 1-step} / {@code 2-step}). The {@code raw_answer} column holds
 * the language-neutral worked answer ({@code 50+7=57. #57}, {@code 6*7=42. 42+5=47. #47}), the
 * {@code answer} column its final number.
 */
final class SyntheticBenchmark implements BenchmarkReader {
  static final String NAME = "synthetic";
  private static final int MAX_TRIES = 1000;

  /** Distinct (template, numbers) keys the number ranges of {@link #candidate} allow. */
  static final int KEY_SPACE =
      2 * 98 * 98 + 2 * (97 * 98 / 2) + 2 * 11 * 11 + 48 * 48 * 49 + 8 * 8 * 49;

  /** Beyond half the key space, rejection sampling slows down: refuse instead. */
  static final int MAX_PROBLEMS = KEY_SPACE / 2;

  /** One drawn problem, before rendering. */
  record Draw(
      String id, String split, int template, int[] numbers, int nameA, int nameB, int object) {
    String key() {
      return template + ":" + numbers[0] + "," + numbers[1] + "," + numbers[2];
    }

    int answer() {
      int a = numbers[0];
      int b = numbers[1];
      int c = numbers[2];
      return switch (template) {
        case 0, 1 -> a + b;
        case 2, 3 -> a - b;
        case 4, 5 -> a * b;
        case 6 -> a + b - c;
        default -> a * b + c;
      };
    }

    /** The worked answer, the same in every language. */
    String worked() {
      int a = numbers[0];
      int b = numbers[1];
      int c = numbers[2];
      return switch (template) {
        case 0, 1 -> a + "+" + b + "=" + (a + b) + ". #" + answer();
        case 2, 3 -> a + "-" + b + "=" + (a - b) + ". #" + answer();
        case 4, 5 -> a + "*" + b + "=" + (a * b) + ". #" + answer();
        case 6 ->
            a + "+" + b + "=" + (a + b) + ". " + (a + b) + "-" + c + "=" + answer() + ". #"
                + answer();
        default ->
            a + "*" + b + "=" + (a * b) + ". " + (a * b) + "+" + c + "=" + answer() + ". #"
                + answer();
      };
    }
  }

  private final long seed;
  private final int trainProblems;
  private final int testProblems;
  private List<Draw> draws;

  SyntheticBenchmark(long seed, int trainProblems, int testProblems) {
    this.seed = seed;
    this.trainProblems = trainProblems;
    this.testProblems = testProblems;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean needsFiles() {
    return false;
  }

  @Override
  public List<String> availableLanguages(SourceFiles files) {
    return List.copyOf(SyntheticLexicon.LANGUAGES.keySet());
  }

  @Override
  public List<ProblemRecord> read(SourceFiles files, String lang) {
    return problems(lang);
  }

  /** The problems of one language: test first, then train, in drawing order. */
  List<ProblemRecord> problems(String lang) {
    List<ProblemRecord> out = new ArrayList<>();
    String file = NAME + "/" + lang + " (seed " + seed + ")";
    long line = 0;
    for (Draw d : draws()) {
      line++;
      String answer = Integer.toString(d.answer());
      out.add(
          new ProblemRecord(
              NAME,
              d.id(),
              lang,
              SyntheticLexicon.render(
                  lang, d.template(), d.nameA(), d.nameB(), d.object(), d.numbers()),
              answer,
              GoldAnswer.normalize(answer).kind(),
              d.worked(),
              d.split(),
              d.template() >= 6 ? "2-step" : "1-step",
              file,
              line));
    }
    return out;
  }

  synchronized List<Draw> draws() {
    if (draws == null) {
      if ((long) testProblems + trainProblems > MAX_PROBLEMS) {
        throw new UserException(
            "Cannot draw "
                + testProblems
                + " test and "
                + trainProblems
                + " train problems for the synthetic benchmark: its number ranges allow at most "
                + MAX_PROBLEMS
                + " in all (polyreason.ingest.synthetic.test-problems, train-problems)");
      }
      Random random = new Random(seed);
      Set<String> keys = new HashSet<>();
      List<Draw> all = new ArrayList<>(testProblems + trainProblems);
      draw(random, "test", testProblems, keys, all);
      draw(random, "train", trainProblems, keys, all);
      draws = List.copyOf(all);
    }
    return draws;
  }

  private static void draw(
      Random random, String split, int count, Set<String> keys, List<Draw> out) {
    for (int i = 0; i < count; i++) {
      Draw d = null;
      for (int tries = 0; d == null; tries++) {
        if (tries == MAX_TRIES) {
          throw new UserException(
              "Cannot draw "
                  + count
                  + " distinct "
                  + split
                  + " problems for the synthetic benchmark: the templates' number ranges are too"
                  + " small for that many; lower polyreason.ingest.synthetic.train-problems or"
                  + " test-problems)");
        }
        Draw candidate = candidate(random, String.format("%s-%05d", split, i), split);
        if (keys.add(candidate.key())) {
          d = candidate;
        }
      }
      out.add(d);
    }
  }

  private static Draw candidate(Random r, String id, String split) {
    int t = r.nextInt(SyntheticLexicon.TEMPLATES);
    int[] n =
        switch (t) {
          case 0, 1 -> new int[] {between(r, 2, 99), between(r, 2, 99), 0};
          case 2, 3 -> {
            int a = between(r, 3, 99);
            yield new int[] {a, between(r, 2, a - 1), 0};
          }
          case 4, 5 -> new int[] {between(r, 2, 12), between(r, 2, 12), 0};
          case 6 -> {
            int a = between(r, 2, 49);
            int b = between(r, 2, 49);
            yield new int[] {a, b, between(r, 2, a + b - 1)};
          }
          default -> new int[] {between(r, 2, 9), between(r, 2, 9), between(r, 2, 50)};
        };
    int nameA = r.nextInt(4);
    int nameB = (nameA + 1 + r.nextInt(3)) % 4;
    return new Draw(id, split, t, n, nameA, nameB, r.nextInt(4));
  }

  private static int between(Random r, int lo, int hi) {
    return lo + r.nextInt(hi - lo + 1);
  }
}
