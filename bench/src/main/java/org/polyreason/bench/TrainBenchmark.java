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
import org.polyreason.jobs.train.TrainingData;

/**
 * Training throughput of the {@code train} job's loop ({@link GptTrainer}) at the miniature's
 * default shape (width 128, 2 layers, 4 heads, rotary positions, 193 symbols): tokens/s and ms per
 * step for a pretraining-like batch (32 documents of 40–200 tokens, loss on every token) and a
 * post-training-like batch (24 documents of 60–120 tokens, loss on the last third), on {@code
 * threads} PyTorch intra-op threads. GFLOP/s is the usual estimate of 6 × parameters per trained
 * token (forward and backward; attention's own products are left out, so it is a lower bound): set
 * beside the core's peak it says whether the loop is bound by arithmetic or by per-op overhead.
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

  private static final BlockGptConfig SHAPE =
      new BlockGptConfig(VOCAB, 256, 128, 2, 4, 1, BlockGptConfig.Positions.ROPE);

  private record Workload(String name, int batch, int minLength, int maxLength, double lossFrom) {}

  private static final List<Workload> WORKLOADS =
      List.of(
          new Workload("pretrain (32 x 40-200)", 32, 40, 200, 0),
          new Workload("post-train (24 x 60-120)", 24, 60, 120, 2.0 / 3));

  private TrainBenchmark() {}

  public static void main(String[] args) throws Exception {
    int threads = args.length > 0 ? Integer.parseInt(args[0]) : 1;
    int steps = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
    System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    System.out.printf(
        Locale.ROOT,
        "GptTrainer, width 128, 2 layers, rope, %d thread(s), %d steps, best of %d%n",
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
    long parameters = SHAPE.parameterCount();
    for (Workload w : WORKLOADS) {
      List<TrainingData.Doc> docs = documents(w, 4000, 7);
      TrainSettings.Stage stage = new TrainSettings.Stage(steps, w.batch(), 0.001, 10, 1, threads);
      run(docs, stage); // warm-up: JIT, PyTorch's allocator
      double best = Double.MAX_VALUE;
      String digest = null;
      long tokens = 0;
      for (int r = 0; r < repeats; r++) {
        long start = System.nanoTime();
        Result result = run(docs, stage);
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

  private static Result run(List<TrainingData.Doc> docs, TrainSettings.Stage stage)
      throws Exception {
    try (BlockGptModel model = BlockGptModel.create(SHAPE, Device.cpu())) {
      List<GptTrainer.Point> curve = GptTrainer.train(model, docs, stage, 1, 1.0, "bench", 3600);
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
