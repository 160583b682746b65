package org.polyreason.jobs.train;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.TranslateException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.polyreason.inference.BlockGptModel;
import org.polyreason.synthetic.SyntheticLexicon;

/**
 * Does a model read a question across languages? A likelihood probe on held-out test problems, in
 * the form of pretraining's parallel pairs: after {@code Q_L <par>} (the question in language L),
 * is the model's English statement of the same problem more likely than a foil that differs only in
 *
 * <ul>
 *   <li>{@code operation}: the words that say which operation to do (the partner template, {@link
 *       SyntheticLexicon#withOtherOperation}: "buys 24 more" against "gives away 24"), or
 *   <li>{@code numbers}: the first number, one higher.
 * </ul>
 *
 * <p>A model that uses the first half of a pair prefers the true statement nearly always; one that
 * ignores it is at chance (0.5): each item has the same foil whatever L is, so a model's bias for
 * one wording cancels over the balanced templates. The probe asks nothing the model was trained to
 * answer: it measures whether pretraining on parallel pairs aligned the languages at all, the
 * precondition for any transfer of post-training to a language the model was not post-trained in.
 */
public final class TranslationProbe {
  /** The language of the statements compared: the one every model of the series is trained in. */
  public static final String TARGET = "en";

  public static final String OPERATION = "operation";
  public static final String NUMBERS = "numbers";

  private static final Pattern FIRST_NUMBER = Pattern.compile("\\d+");

  private TranslationProbe() {}

  /** One comparison: {@code target} against {@code foil}, both after {@code source <par>}. */
  public record Item(
      String problemId, String lang, String probe, String source, String target, String foil)
      implements Serializable {}

  /**
   * The outcome for one source language and probe: of {@code items} comparisons, how many scored
   * the true statement more likely, and the mean of {@code log p(target) - log p(foil)} in nats.
   */
  public record Result(String lang, String probe, int items, int preferred, double meanMargin)
      implements Serializable {
    public double share() {
      return items == 0 ? Double.NaN : preferred / (double) items;
    }
  }

  /**
   * The items of the first {@code maxProblems} problems (by id) whose English question has an
   * operation partner, for every language of {@code langs} but English that has the problem: one
   * {@code operation} and one {@code numbers} item each. An item whose source, separator and longer
   * statement do not fit in {@code context} tokens is left out.
   *
   * @param questions problem id → language → question (the test split)
   */
  public static List<Item> items(
      Map<String, Map<String, String>> questions,
      List<String> langs,
      int maxProblems,
      CharVocab vocab,
      int context) {
    List<Item> out = new ArrayList<>();
    int problems = 0;
    for (Map.Entry<String, Map<String, String>> p : new TreeMap<>(questions).entrySet()) {
      if (problems == maxProblems) {
        break;
      }
      String target = p.getValue().get(TARGET);
      Optional<String> otherOperation = SyntheticLexicon.withOtherOperation(TARGET, target);
      if (otherOperation.isEmpty()) {
        continue;
      }
      problems++;
      String otherNumber = firstNumberPlusOne(target);
      for (String lang : langs) {
        String source = p.getValue().get(lang);
        if (lang.equals(TARGET) || source == null) {
          continue;
        }
        int prefix = vocab.encode(source + CharVocab.PAR).length;
        int longest =
            Math.max(
                vocab.encode(target).length,
                Math.max(
                    vocab.encode(otherOperation.get()).length, vocab.encode(otherNumber).length));
        if (prefix + longest > context) {
          continue;
        }
        out.add(new Item(p.getKey(), lang, OPERATION, source, target, otherOperation.get()));
        out.add(new Item(p.getKey(), lang, NUMBERS, source, target, otherNumber));
      }
    }
    return out;
  }

  /** {@code text} with its first number one higher. */
  static String firstNumberPlusOne(String text) {
    Matcher m = FIRST_NUMBER.matcher(text);
    if (!m.find()) {
      throw new IllegalArgumentException("No number in " + text);
    }
    long next = Long.parseLong(m.group()) + 1;
    return text.substring(0, m.start()) + next + text.substring(m.end());
  }

  /**
   * Scores every item with {@code model}, {@code batchSize} sequences per forward pass, and returns
   * one result per (language, probe) in order of first appearance.
   */
  public static List<Result> run(
      BlockGptModel model, CharVocab vocab, List<Item> items, int batchSize) {
    // the items of one question share its target: each distinct sequence is scored once
    Map<String, Integer> index = new LinkedHashMap<>();
    List<int[]> prefixes = new ArrayList<>();
    List<int[]> continuations = new ArrayList<>();
    int[] at = new int[2 * items.size()];
    for (int i = 0; i < items.size(); i++) {
      Item it = items.get(i);
      String prefix = it.source() + CharVocab.PAR;
      for (int k = 0; k < 2; k++) {
        String continuation = k == 0 ? it.target() : it.foil();
        at[2 * i + k] =
            index.computeIfAbsent(
                prefix + "\n" + continuation,
                key -> {
                  prefixes.add(vocab.encode(prefix));
                  continuations.add(vocab.encode(continuation));
                  return prefixes.size() - 1;
                });
      }
    }
    double[] distinct = logProbabilities(model, prefixes, continuations, batchSize);
    double[] logp = new double[at.length];
    for (int i = 0; i < at.length; i++) {
      logp[i] = distinct[at[i]];
    }
    return summarize(items, logp);
  }

  /**
   * One result per (language, probe), in order of first appearance, from {@code logp}: the log
   * probabilities of item i's target at {@code 2i} and of its foil at {@code 2i + 1}. A tie counts
   * as not preferred.
   */
  static List<Result> summarize(List<Item> items, double[] logp) {
    record Key(String lang, String probe) {}
    // per key: items, preferred, sum of margins
    Map<Key, double[]> sums = new LinkedHashMap<>();
    for (int i = 0; i < items.size(); i++) {
      Item it = items.get(i);
      double margin = logp[2 * i] - logp[2 * i + 1];
      double[] sum = sums.computeIfAbsent(new Key(it.lang(), it.probe()), k -> new double[3]);
      sum[0]++;
      sum[1] += margin > 0 ? 1 : 0;
      sum[2] += margin;
    }
    List<Result> out = new ArrayList<>(sums.size());
    sums.forEach(
        (k, sum) ->
            out.add(new Result(k.lang(), k.probe(), (int) sum[0], (int) sum[1], sum[2] / sum[0])));
    return out;
  }

  /**
   * {@code log p(continuation | prefix)} of every pair: the sum of the continuation's token log
   * probabilities, sequences right-padded in batches (a causal model's earlier positions do not see
   * the padding).
   */
  static double[] logProbabilities(
      BlockGptModel model, List<int[]> prefixes, List<int[]> continuations, int batchSize) {
    double[] out = new double[prefixes.size()];
    try (Predictor<NDList, NDList> predictor = model.newPredictor();
        NDManager manager = NDManager.newBaseManager(model.device())) {
      for (int from = 0; from < prefixes.size(); from += batchSize) {
        int b = Math.min(batchSize, prefixes.size() - from);
        int t = 0;
        for (int i = 0; i < b; i++) {
          t = Math.max(t, prefixes.get(from + i).length + continuations.get(from + i).length - 1);
        }
        long[] in = new long[b * t];
        long[] next = new long[b * t];
        float[] counted = new float[b * t];
        for (int i = 0; i < b; i++) {
          int[] p = prefixes.get(from + i);
          int[] c = continuations.get(from + i);
          int[] ids = Arrays.copyOf(p, p.length + c.length);
          System.arraycopy(c, 0, ids, p.length, c.length);
          for (int j = 0; j + 1 < ids.length; j++) {
            in[i * t + j] = ids[j];
            next[i * t + j] = ids[j + 1];
            counted[i * t + j] = j + 1 >= p.length ? 1f : 0f;
          }
        }
        try (NDManager m = manager.newSubManager()) {
          NDArray x = m.create(in, new Shape(b, t));
          NDArray logits = predictor.predict(new NDList(x)).singletonOrThrow();
          logits.attach(m);
          NDArray picked =
              logits
                  .logSoftmax(-1)
                  .gather(m.create(next, new Shape(b, t, 1)), 2)
                  .reshape(b, t)
                  .mul(m.create(counted, new Shape(b, t)))
                  .sum(new int[] {1});
          float[] sums = picked.toFloatArray();
          for (int i = 0; i < b; i++) {
            out[from + i] = sums[i];
          }
        } catch (TranslateException e) {
          throw new IllegalStateException("Translation probe: forward pass failed", e);
        }
      }
    }
    return out;
  }
}
