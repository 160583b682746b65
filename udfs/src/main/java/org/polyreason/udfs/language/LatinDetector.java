package org.polyreason.udfs.language;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Tells apart the Latin-script languages of {@link LanguageTable} (en de es fr id it ms pt sw vi)
 * by character trigrams: a naive Bayes sum of log probabilities, with lingua's trigram models (the
 * {@code language-models/<code>/trigrams.json} files of the lingua jar, the same statistics as
 * lingua's low-accuracy mode) and none of lingua's per-call machinery (rule filters, several n-gram
 * orders, a thread pool), so one window of a few hundred letters costs microseconds.
 *
 * <p>Trigrams are read within words (runs of letters) of the lower-case sample. A trigram one
 * language's model lacks scores that model's smallest probability divided by e (an unseen trigram
 * is rarer than any seen one); a trigram no model knows is skipped. The models are loaded once per
 * JVM, lazily, into one open-addressing table (about 10 MB).
 */
public final class LatinDetector {

  /** The candidate languages, in table order. */
  public static final List<String> LANGUAGES =
      LanguageTable.ALL.stream()
          .filter(l -> l.script() == Character.UnicodeScript.LATIN)
          .map(Language::code)
          .toList();

  /** Fewer trigrams than this in a sample: no decision. */
  public static final int MIN_TRIGRAMS = 4;

  private LatinDetector() {}

  /**
   * Adds the log-likelihood of {@code sample} (lower-case letters, spaces between words) under each
   * language to {@code scores} (indexed like {@link #LANGUAGES}); returns the trigrams counted.
   */
  public static int score(CharSequence sample, double[] scores) {
    Model m = Model.INSTANCE;
    int n = 0;
    int len = sample.length();
    for (int i = 0; i + 2 < len; i++) {
      char a = sample.charAt(i);
      char b = sample.charAt(i + 1);
      char c = sample.charAt(i + 2);
      if (a == ' ' || b == ' ' || c == ' ') {
        continue;
      }
      int row = m.row(key(a, b, c));
      if (row < 0) {
        continue;
      }
      int base = row * m.languages;
      for (int l = 0; l < m.languages; l++) {
        scores[l] += m.logp[base + l];
      }
      n++;
    }
    return n;
  }

  /** The code of the best score, or null when {@code trigrams} < {@link #MIN_TRIGRAMS}. */
  public static String best(double[] scores, int trigrams) {
    if (trigrams < MIN_TRIGRAMS) {
      return null;
    }
    int best = 0;
    for (int l = 1; l < scores.length; l++) {
      if (scores[l] > scores[best]) {
        best = l;
      }
    }
    return LANGUAGES.get(best);
  }

  /** The language of one sample, or null when it has too few trigrams. */
  public static String detect(CharSequence sample) {
    double[] scores = new double[LANGUAGES.size()];
    return best(scores, score(sample, scores));
  }

  static long key(char a, char b, char c) {
    return (long) a << 32 | (long) b << 16 | c;
  }

  /** The trigram table, built on first use (holder idiom: once per JVM, thread-safe). */
  private static final class Model {
    static final Model INSTANCE = new Model();

    final int languages = LANGUAGES.size();
    private final long[] keys = new long[1 << 19];
    private final int[] rows = new int[keys.length];
    float[] logp = new float[0];
    private int size;

    private Model() {
      float[] floor = new float[languages];
      for (int l = 0; l < languages; l++) {
        floor[l] = load(l);
      }
      // a trigram language l does not know: that model's floor
      for (int r = 0; r < size; r++) {
        for (int l = 0; l < languages; l++) {
          if (Float.isNaN(logp[r * languages + l])) {
            logp[r * languages + l] = floor[l];
          }
        }
      }
    }

    int row(long key) {
      int mask = keys.length - 1;
      for (int s = hash(key) & mask; ; s = (s + 1) & mask) {
        if (keys[s] == key) {
          return rows[s];
        }
        if (keys[s] == 0) {
          return -1;
        }
      }
    }

    private int rowForInsert(long key) {
      int mask = keys.length - 1;
      for (int s = hash(key) & mask; ; s = (s + 1) & mask) {
        if (keys[s] == key) {
          return rows[s];
        }
        if (keys[s] == 0) {
          if (size * 2 >= keys.length) {
            throw new IllegalStateException("trigram table full: " + size + " trigrams");
          }
          keys[s] = key;
          rows[s] = size;
          if ((size + 1) * languages > logp.length) {
            float[] grown = java.util.Arrays.copyOf(logp, Math.max(1024, logp.length * 2));
            java.util.Arrays.fill(grown, logp.length, grown.length, Float.NaN);
            logp = grown;
          }
          return size++;
        }
      }
    }

    private static int hash(long key) {
      long h = key * 0x9E3779B97F4A7C15L;
      return (int) (h ^ (h >>> 29));
    }

    /** Loads language {@code l}'s trigrams; returns its floor (log of min probability, − 1). */
    private float load(int l) {
      String code = LANGUAGES.get(l);
      String path = "/language-models/" + code + "/trigrams.json";
      String json;
      try (InputStream in = LatinDetector.class.getResourceAsStream(path)) {
        if (in == null) {
          throw new IllegalStateException(
              "No lingua trigram model " + path + " on the classpath (lingua 1.2 jar missing?)");
        }
        json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read " + path, e);
      }
      // {"language":"ENGLISH","ngrams":{"3553/58397":"cca ccc …", …}}: probability → trigrams
      int at = json.indexOf("\"ngrams\"");
      if (at < 0) {
        throw new IllegalStateException(path + " has no \"ngrams\" object");
      }
      double min = 1.0;
      int i = json.indexOf('{', at) + 1;
      while (true) {
        int k0 = json.indexOf('"', i);
        if (k0 < 0) {
          break;
        }
        int k1 = json.indexOf('"', k0 + 1);
        int v0 = json.indexOf('"', k1 + 1);
        int v1 = json.indexOf('"', v0 + 1);
        String fraction = json.substring(k0 + 1, k1);
        int slash = fraction.indexOf('/');
        double p =
            Double.parseDouble(fraction.substring(0, slash))
                / Double.parseDouble(fraction.substring(slash + 1));
        min = Math.min(min, p);
        float lp = (float) Math.log(p);
        int start = v0 + 1;
        for (int j = v0 + 1; j <= v1; j++) {
          if (j == v1 || json.charAt(j) == ' ') {
            if (j - start == 3) {
              long key = key(json.charAt(start), json.charAt(start + 1), json.charAt(start + 2));
              int r = rowForInsert(key); // may grow logp: index it after
              logp[r * languages + l] = lp;
            }
            start = j + 1;
          }
        }
        i = v1 + 1;
      }
      return (float) (Math.log(min) - 1.0);
    }
  }
}
