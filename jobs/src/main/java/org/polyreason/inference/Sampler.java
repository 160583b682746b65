package org.polyreason.inference;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Picks tokens from float logits with temperature, top-k and top-p, one random stream per sample.
 *
 * <p>The stream is seeded from the run seed and a sample key only, so a sample's text does not
 * depend on how the data was sharded or which other rows shared its batch. Runs on plain arrays:
 * NDArray ops on ONNX Runtime tensors are delegated and copied, and a vocabulary-sized loop in Java
 * costs microseconds.
 */
public final class Sampler {

  /** Candidates kept before falling back to a full sort when only top-p is set. */
  private static final int NUCLEUS_PREFETCH = 256;

  private final SamplingParams params;
  private final SplittableRandom random;

  public Sampler(SamplingParams params, long seed) {
    this.params = params;
    this.random = new SplittableRandom(seed);
  }

  /** First 8 bytes of SHA-256(runSeed + ":" + sampleKey), big-endian. */
  public static long seedFor(long runSeed, String sampleKey) {
    try {
      byte[] h =
          MessageDigest.getInstance("SHA-256")
              .digest((runSeed + ":" + sampleKey).getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.wrap(h, 0, 8).getLong();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** Greedy choice: highest logit, lowest id on ties. */
  public static int argmax(float[] logits) {
    int best = 0;
    for (int i = 1; i < logits.length; i++) {
      if (logits[i] > logits[best]) {
        best = i;
      }
    }
    return best;
  }

  /** Next token id for a row of a decode state; greedy rows skip the float logits. */
  public int sample(DecodeState state, int row) {
    return params.greedy() ? state.argmax(row) : sample(state.logits(row));
  }

  /** Next token id. Draws exactly one random number unless greedy. */
  public int sample(float[] logits) {
    if (params.greedy()) {
      return argmax(logits);
    }
    int v = logits.length;
    int k = params.topK() > 0 ? Math.min(params.topK(), v) : v;
    boolean nucleus = params.topP() < 1;
    if (k == v && !nucleus) {
      return sampleAll(logits);
    }
    int want = k < v ? k : (nucleus ? Math.min(NUCLEUS_PREFETCH, v) : v);
    int[] ids = want < v ? topIndices(logits, want) : sortedAll(logits);
    double[] probs = softmax(logits, ids);
    if (k == v && nucleus && want < v && cumulative(probs, ids.length) < params.topP()) {
      ids = sortedAll(logits);
      probs = softmax(logits, ids);
    }
    int n = ids.length;
    if (nucleus) {
      double sum = 0;
      for (int i = 0; i < n; i++) {
        sum += probs[i];
        if (sum >= params.topP()) {
          n = i + 1;
          break;
        }
      }
    }
    double u = random.nextDouble() * cumulative(probs, n);
    double acc = 0;
    for (int i = 0; i < n; i++) {
      acc += probs[i];
      if (u < acc) {
        return ids[i];
      }
    }
    return ids[n - 1];
  }

  /** Plain temperature sampling in id order: no sort needed when nothing is cut off. */
  private int sampleAll(float[] logits) {
    double t = params.temperature();
    float max = logits[argmax(logits)];
    double total = 0;
    for (float l : logits) {
      total += Math.exp((l - max) / t);
    }
    double u = random.nextDouble() * total;
    double acc = 0;
    for (int i = 0; i < logits.length; i++) {
      acc += Math.exp((logits[i] - max) / t);
      if (u < acc) {
        return i;
      }
    }
    return argmax(logits);
  }

  /** Probabilities over {@code ids} (sorted by logit, descending), normalised over the full set. */
  private double[] softmax(float[] logits, int[] ids) {
    double t = params.temperature();
    double max = logits[ids[0]];
    double total = 0;
    for (float l : logits) {
      total += Math.exp((l - max) / t);
    }
    double[] p = new double[ids.length];
    for (int i = 0; i < ids.length; i++) {
      p[i] = Math.exp((logits[ids[i]] - max) / t) / total;
    }
    return p;
  }

  private static double cumulative(double[] p, int n) {
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += p[i];
    }
    return s;
  }

  /** The {@code k} highest logits, descending, ties by lower id; O(v log k) with a bounded heap. */
  static int[] topIndices(float[] logits, int k) {
    long[] heap = new long[k];
    int size = 0;
    for (int i = 0; i < logits.length; i++) {
      long key = sortKey(logits[i], i);
      if (size < k) {
        heap[size++] = key;
        if (size == k) {
          Arrays.sort(heap);
        }
      } else if (key > heap[0]) {
        int pos = Arrays.binarySearch(heap, 1, k, key);
        int at = pos >= 0 ? pos : -pos - 1;
        System.arraycopy(heap, 1, heap, 0, at - 1);
        heap[at - 1] = key;
      }
    }
    long[] keys = Arrays.copyOf(heap, size);
    Arrays.sort(keys);
    int[] out = new int[size];
    for (int i = 0; i < size; i++) {
      out[i] = (int) ~(keys[size - 1 - i] & 0xffffffffL);
    }
    return out;
  }

  private static int[] sortedAll(float[] logits) {
    return topIndices(logits, logits.length);
  }

  /** Orders by logit, then by lower id; float bits are mapped so that signed order holds. */
  private static long sortKey(float logit, int id) {
    int bits = Float.floatToIntBits(logit);
    int ordered = bits >= 0 ? bits : bits ^ 0x7fffffff;
    return ((long) ordered << 32) | (~id & 0xffffffffL);
  }
}
