package org.polyreason.jobs.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.polyreason.inference.BlockGptModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The training loop: length-bucketed batches (a random window of the length-sorted documents, so
 * little padding), masked next-token cross-entropy, global gradient-norm clipping, Adam with linear
 * warm-up and cosine decay to 10 % of the peak rate. A fresh optimizer per call. Deterministic for
 * a seed when PyTorch runs one intra-op thread ({@link TrainThreads}), also while other tasks train
 * in the same JVM.
 *
 * <p>Nothing that enters the gradient may be an operand DJL creates and frees inside one op: {@code
 * NDArray.mul(Number)} (also {@code div}, {@code add}, {@code sub} with a number) wraps the number
 * in a tensor over a direct buffer and closes it when the op returns, but autograd keeps that
 * tensor for the backward pass, which then reads memory the JVM may already have freed and reused.
 * Such steps diverged between reruns when two tasks shared a JVM (another thread's allocations land
 * in the freed memory) and now and then got a NaN gradient (the "update skipped" warnings). Scalars
 * of the forward pass and the loss are arrays of the step's manager instead, which lives until the
 * update.
 */
public final class GptTrainer {
  private static final Logger LOG = LoggerFactory.getLogger(GptTrainer.class);

  private GptTrainer() {}

  /** One optimisation step of the curve. */
  public record Point(int step, double loss, double learningRate, long tokens, double seconds)
      implements Serializable {}

  /**
   * {@code first} followed by {@code next}, whose steps, tokens and seconds continue from the last
   * point of {@code first} (one curve for two phases of one model).
   */
  static List<Point> continueCurve(List<Point> first, List<Point> next) {
    if (first.isEmpty()) {
      return next;
    }
    Point last = first.get(first.size() - 1);
    List<Point> all = new ArrayList<>(first);
    for (Point p : next) {
      all.add(
          new Point(
              last.step() + p.step(),
              p.loss(),
              p.learningRate(),
              last.tokens() + p.tokens(),
              last.seconds() + p.seconds()));
    }
    return all;
  }

  /** Learning rate at update {@code t} (1-based). */
  static double learningRate(TrainSettings.Stage s, int t) {
    if (t <= s.warmupSteps()) {
      return s.learningRate() * t / s.warmupSteps();
    }
    double progress =
        Math.min(1.0, (t - s.warmupSteps()) / (double) Math.max(1, s.steps() - s.warmupSteps()));
    return s.learningRate() * (0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * progress)));
  }

  /**
   * Trains {@code model} in place.
   *
   * @param seed batch order
   * @return the loss per step
   */
  public static List<Point> train(
      BlockGptModel model,
      List<TrainingData.Doc> docs,
      TrainSettings.Stage stage,
      long seed,
      double clipNorm,
      String label,
      int progressSeconds) {
    if (docs.isEmpty()) {
      throw new IllegalArgumentException("No training documents for " + label);
    }
    List<TrainingData.Doc> sorted = TrainingData.byLength(docs);
    Random random = new Random(seed);
    Tracker schedule = t -> (float) learningRate(stage, t);
    Optimizer adam = Optimizer.adam().optLearningRateTracker(schedule).optWeightDecays(0f).build();
    Device device = model.device();
    DefaultTrainingConfig config =
        new DefaultTrainingConfig(Loss.l2Loss())
            .optOptimizer(adam)
            .optDevices(new Device[] {device});
    List<Point> curve = new ArrayList<>(stage.steps());
    long start = System.nanoTime();
    long lastLog = start;
    long tokens = 0;
    int vocab = model.config().vocabSize();
    try (Trainer trainer = model.newTrainer(config)) {
      int skipped = 0;
      int skippedInARow = 0;
      for (int step = 1; step <= stage.steps(); step++) {
        List<TrainingData.Doc> batch = window(sorted, stage.batchSize(), random);
        int t = batch.stream().mapToInt(d -> d.ids().length).max().orElse(2) - 1;
        int b = batch.size();
        long[] in = new long[b * t];
        long[] target = new long[b * t];
        float[] mask = new float[b * t];
        int counted = 0;
        for (int i = 0; i < b; i++) {
          int[] ids = batch.get(i).ids();
          int from = Math.max(1, batch.get(i).lossFrom());
          for (int j = 0; j + 1 < ids.length; j++) {
            in[i * t + j] = ids[j];
            target[i * t + j] = ids[j + 1];
            if (j + 1 >= from) {
              mask[i * t + j] = 1f;
              counted++;
            }
          }
          tokens += ids.length - 1;
        }
        // the mean over counted targets as weights of an array (not div(Number); class doc)
        float perTarget = 1f / Math.max(1, counted);
        for (int i = 0; i < mask.length; i++) {
          mask[i] *= perTarget;
        }
        float loss;
        try (NDManager m = trainer.getManager().newSubManager(device)) {
          NDArray x = m.create(in, new Shape(b, t));
          NDArray y = m.create(target, new Shape(b, t, 1));
          NDArray w = m.create(mask, new Shape(b, t));
          try (ThreadGradients gc = new ThreadGradients()) {
            NDArray logits = trainer.forward(new NDList(x)).singletonOrThrow();
            NDArray nll = logits.logSoftmax(-1).gather(y, 2).reshape(b, t).neg();
            NDArray l = nll.mul(w).sum();
            gc.backward(l);
            loss = l.getFloat();
          }
          double norm = clip(model, clipNorm, m);
          if (Float.isFinite(loss) && Double.isFinite(norm)) {
            trainer.step();
            skippedInARow = 0;
          } else {
            // a non-finite loss or gradient would poison every weight: skip this update
            skipped++;
            skippedInARow++;
            LOG.warn(
                "train {}: step {}: loss {}, gradient norm {}: update skipped ({} so far);"
                    + " parameters with a non-finite gradient: {}",
                label,
                step,
                loss,
                norm,
                skipped,
                nonFinite(model, m));
          }
          model.parameterArrays().forEach(ThreadGradients::zero);
        }
        if (skippedInARow >= MAX_SKIPPED_IN_A_ROW) {
          throw new IllegalStateException(
              label
                  + ": loss or gradient not finite in "
                  + skippedInARow
                  + " steps in a row up to step "
                  + step
                  + " (learning rate too high?)");
        }
        if (!Float.isFinite(loss)) {
          continue;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        curve.add(new Point(step, loss, learningRate(stage, step), tokens, seconds));
        long now = System.nanoTime();
        if (now - lastLog >= progressSeconds * 1_000_000_000L || step == stage.steps()) {
          lastLog = now;
          LOG.info(
              "train {}: step {}/{}, loss {} (mean of last 20), {} tokens/s, ETA {} s",
              label,
              step,
              stage.steps(),
              String.format("%.4f", meanLoss(curve, 20)),
              Math.round(tokens / seconds),
              Math.round(seconds / step * (stage.steps() - step)));
        }
      }
    }
    return curve;
  }

  /** Training fails after this many consecutive steps with a non-finite loss or gradient. */
  static final int MAX_SKIPPED_IN_A_ROW = 10;

  /** How many batches' worth of length-sorted documents one batch is drawn from. */
  static final int BUCKET_BATCHES = 8;

  /**
   * A batch: {@code size} documents drawn at random from a random window of {@code BUCKET_BATCHES ×
   * size} neighbours in length order. The lengths stay close (little padding), and a batch mixes
   * templates, languages and problems: a window of exactly {@code size} sorted documents would hold
   * near-copies of one template, whose correlated gradients train slowly and unstably.
   */
  private static List<TrainingData.Doc> window(List<TrainingData.Doc> sorted, int size, Random r) {
    if (sorted.size() <= size) {
      List<TrainingData.Doc> all = new ArrayList<>(sorted);
      while (all.size() < size) {
        all.add(sorted.get(r.nextInt(sorted.size())));
      }
      return all;
    }
    int span = Math.min(sorted.size(), size * BUCKET_BATCHES);
    int from = r.nextInt(sorted.size() - span + 1);
    List<TrainingData.Doc> bucket = new ArrayList<>(sorted.subList(from, from + span));
    java.util.Collections.shuffle(bucket, r);
    return bucket.subList(0, size);
  }

  /**
   * Scales every gradient by {@code min(1, max / ||g||)} (when {@code max > 0}), the norm taken
   * over all parameters; returns the norm before scaling.
   */
  private static double clip(BlockGptModel model, double max, NDManager m) {
    List<NDArray> grads = new ArrayList<>();
    double sq = 0;
    for (NDArray p : model.parameterArrays()) {
      NDArray g = p.getGradient();
      g.attach(m);
      grads.add(g);
      sq += g.square().sum().getFloat();
    }
    if (Double.isInfinite(sq)) {
      // a float sum of squares overflows at |g| ~ 1e19: recount in double before calling the
      // gradient infinite (it then is: an element is infinite or NaN)
      sq = 0;
      for (NDArray g : grads) {
        sq += g.toType(DataType.FLOAT64, false).square().sum().getDouble();
      }
    }
    double norm = Math.sqrt(sq);
    if (max > 0 && norm > max && Double.isFinite(norm)) {
      float scale = (float) (max / norm);
      for (NDArray g : grads) {
        g.muli(scale);
      }
    }
    return norm;
  }

  /** Names of the parameters whose gradient holds an infinite or NaN element (for the log). */
  private static List<String> nonFinite(BlockGptModel model, NDManager m) {
    List<String> names = model.parameterNames();
    List<NDArray> params = model.parameterArrays();
    List<String> out = new ArrayList<>();
    for (int i = 0; i < params.size(); i++) {
      NDArray g = params.get(i).getGradient();
      g.attach(m);
      if (g.isInfinite().any().getBoolean() || g.isNaN().any().getBoolean()) {
        out.add(names.get(i));
      }
    }
    return out;
  }

  static double meanLoss(List<Point> curve, int last) {
    return curve.subList(Math.max(0, curve.size() - last), curve.size()).stream()
        .mapToDouble(Point::loss)
        .average()
        .orElse(Double.NaN);
  }
}
