package org.polyreason.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.polyreason.inference.BlockGptConfig;
import org.polyreason.inference.BlockGptModel;
import org.polyreason.jobs.train.GptTrainer;
import org.polyreason.jobs.train.TrainSettings;
import org.polyreason.jobs.train.TrainThreads;
import org.polyreason.jobs.train.TrainingData;

/**
 * Training throughput of the {@code train} job's loop ({@link GptTrainer}) at the miniature's
 * default shape (read from the shipped {@code reference.conf}, {@code polyreason.train.model}; 193
 * symbols, the synthetic benchmark's vocabulary): tokens/s and ms per step for a pretraining-like
 * batch (the pretraining batch size and learning rate, documents of 40–200 tokens, loss on every
 * token) and a post-training-like batch (the post-training ones, documents of 60–120 tokens, loss
 * on the last third), on {@code threads} PyTorch intra-op threads. GFLOP/s is the usual estimate of
 * 6 × parameters per trained token (forward and backward; attention's own products are left out, so
 * it is a lower bound): set beside the core's peak it says whether the loop is bound by arithmetic
 * or by per-op overhead.
 *
 * <p>The quick start's duration is mostly these two loops (README, "What the default run shows
 * here"), so the figures tell how long it will take on a machine: the default pretraining is 3,300
 * steps of the first kind on 2 threads, the post-training 12 × 600 steps of the second on one
 * thread each, two at a time. The documents are random token ids (the loop's cost depends on the
 * lengths, not on the text). Each workload prints the SHA-256 of the trained weights: the same
 * arguments give the same digest on one thread, so a change to the loop that claims to be faster
 * without changing the maths can be checked against it.
 *
 * <p>Usage: {@code TrainBenchmark [threads] [steps] [repeats]} (defaults 1, 100, 3); each figure is
 * the best of {@code repeats} runs after one warm-up run.
 */
public final class TrainBenchmark {

  private static final int VOCAB = 193;

  /** Warm-up steps of both workloads (fixed, so that a digest stays comparable across runs). */
  private static final int WARMUP_STEPS = 10;

  private record Workload(
      String stage, TrainSettings.Stage defaults, int minLength, int maxLength, double lossFrom) {

    String name() {
      return String.format(
          Locale.ROOT, "%s (%d x %d-%d)", stage, defaults.batchSize(), minLength, maxLength);
    }

    TrainSettings.Stage stage(int steps, int threads) {
      return new TrainSettings.Stage(
          steps, defaults.batchSize(), defaults.learningRate(), WARMUP_STEPS, 1, threads);
    }
  }

  private TrainBenchmark() {}

  public static void main(String[] args) throws Exception {
    int threads = args.length > 0 ? Integer.parseInt(args[0]) : 1;
    int steps = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    TrainSettings defaults = TrainSettings.defaults();
    BlockGptConfig shape = defaults.model().config(VOCAB, 1);
    List<Workload> workloads =
        List.of(
            new Workload("pretrain", defaults.pretrain(), 40, 200, 0),
            new Workload("post-train", defaults.postTrain(), 60, 120, 2.0 / 3));
    TrainThreads.use(threads);
    System.out.printf(
        Locale.ROOT,
        "GptTrainer, width %d, %d layers, %d heads, %s, %d thread(s), %d steps, best of %d%n",
        shape.dModel(),
        shape.layers(),
        shape.heads(),
        shape.positions().id(),
        threads,
        steps,
        repeats);
    System.out.printf(
        Locale.ROOT,
        "%-26s %10s %12s %9s  %s%n",
        "workload",
        "ms/step",
        "tokens/s",
        "GFLOP/s",
        "weights sha256");
    long parameters = shape.parameterCount();
    double clipNorm = defaults.clipNorm();
    for (Workload w : workloads) {
      List<TrainingData.Doc> docs = documents(w, 4000, 7);
      TrainSettings.Stage stage = w.stage(steps, threads);
      run(shape, docs, stage, clipNorm); // warm-up: JIT, PyTorch's allocator
      double best = Double.MAX_VALUE;
      String digest = null;
      long tokens = 0;
      for (int r = 0; r < repeats; r++) {
        long start = System.nanoTime();
        Result result = run(shape, docs, stage, clipNorm);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (seconds < best) {
          best = seconds;
        }
        if (digest == null) {
          digest = result.digest();
        } else if (!digest.startsWith(result.digest())) {
          digest += " differs from " + result.digest() + " (not repeatable on these threads)";
        }
        tokens = result.tokens();
      }
      double tokensPerSecond = tokens / best;
      System.out.printf(
          Locale.ROOT,
          "%-26s %10.1f %12.0f %9.1f  %s%n",
          w.name(),
          best * 1000 / steps,
          tokensPerSecond,
          tokensPerSecond * 6 * parameters / 1e9,
          digest);
    }
  }

  private record Result(long tokens, String digest) {}

  private static Result run(
      BlockGptConfig shape, List<TrainingData.Doc> docs, TrainSettings.Stage stage, double clipNorm)
      throws Exception {
    try (BlockGptModel model = BlockGptModel.create(shape, Device.cpu())) {
      List<GptTrainer.Point> curve =
          GptTrainer.train(model, docs, stage, 1, clipNorm, "bench", 3600);
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (NDArray p : model.parameterArrays()) {
        ByteBuffer b = p.toByteBuffer();
        sha.update(b);
      }
      long tokens = curve.isEmpty() ? 0 : curve.get(curve.size() - 1).tokens();
      return new Result(tokens, HexFormat.of().formatHex(sha.digest()).substring(0, 16));
    }
  }

  /** {@code count} documents of random symbols with lengths uniform in the workload's range. */
  private static List<TrainingData.Doc> documents(Workload w, int count, long seed) {
    Random r = new Random(seed);
    List<TrainingData.Doc> docs = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int n = w.minLength() + r.nextInt(w.maxLength() - w.minLength() + 1);
      int[] ids = new int[n];
      for (int j = 0; j < n; j++) {
        ids[j] = 4 + r.nextInt(VOCAB - 4);
      }
      docs.add(new TrainingData.Doc(ids, (int) Math.round(n * w.lossFrom())));
    }
    return docs;
  }
}
