package org.polyreason.jobs.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polyreason.inference.BlockCausalLm;
import org.polyreason.inference.BlockGptConfig;
import org.polyreason.inference.BlockGptModel;

/**
 * The DJL training loop on real PyTorch: the loss falls, save → load keeps the logits, seeds
 * repeat.
 */
class GptTrainerTest {
  static List<TrainingData.Problem> problems;
  static CharVocab vocab;

  @TempDir Path dir;

  @BeforeAll
  static void data() {
    TrainThreads.use(1);
    List<TrainingData.Row> rows = new java.util.ArrayList<>();
    String[][] q = {
      {"en", "Anna has %d apples. She buys %d more."},
      {"de", "Anna hat %d Äpfel. Sie kauft %d."},
      {"ru", "У Ивана %d яблок. Он купил %d."}
    };
    for (int i = 0; i < 40; i++) {
      int a = 2 + i % 9;
      int b = 3 + i % 7;
      for (String[] l : q) {
        rows.add(
            new TrainingData.Row(
                "train-" + i,
                l[0],
                String.format(l[1], a, b),
                a + "+" + b + "=" + (a + b) + ". #" + (a + b)));
      }
    }
    problems = TrainingData.align(rows);
    vocab =
        CharVocab.of(
            rows.stream()
                .flatMap(r -> java.util.stream.Stream.of(r.question(), r.worked()))
                .toList());
  }

  /** A parallel set like parallel-data's: the first {@code count} problems in every language. */
  static List<TrainingData.Row> setOf(List<String> langs, int count) {
    List<TrainingData.Row> set = new java.util.ArrayList<>();
    for (TrainingData.Problem p : problems.subList(0, count)) {
      for (String l : langs) {
        set.add(new TrainingData.Row(p.id(), l, p.questions().get(l), p.worked()));
      }
    }
    return set;
  }

  static BlockGptModel fresh(long seed) {
    return BlockGptModel.create(new BlockGptConfig(vocab.size(), 64, 32, 1, 2, seed), Device.cpu());
  }

  static TrainSettings.Stage stage(int steps) {
    return new TrainSettings.Stage(steps, 8, 3e-3, 2, 0, 1);
  }

  @Test
  void trainingStepsLowerTheLossOnTheAnswerTokens() {
    List<TrainingData.Doc> docs =
        TrainingData.postTraining(setOf(List.of("en", "de"), 20), vocab, 64);
    assertThat(docs).hasSize(40);
    try (BlockGptModel model = fresh(1)) {
      List<GptTrainer.Point> curve = GptTrainer.train(model, docs, stage(30), 1, 1.0, "test", 60);
      assertThat(curve).hasSize(30);
      double first = curve.get(0).loss();
      // a fresh model is near-uniform over the vocabulary
      assertThat(first).isCloseTo(Math.log(vocab.size()), org.assertj.core.data.Offset.offset(0.5));
      assertThat(GptTrainer.meanLoss(curve, 5)).as("loss after 30 steps").isLessThan(first - 1.0);
      assertThat(curve.get(29).tokens()).isGreaterThan(curve.get(0).tokens());
    }
  }

  @Test
  void savedAndLoadedModelGivesIdenticalLogits() throws Exception {
    long[] ids =
        java.util.Arrays.stream(vocab.encode(TrainingData.prompt("Anna has 3 apples.")))
            .asLongStream()
            .toArray();
    float[][] before;
    try (BlockGptModel model = fresh(2)) {
      GptTrainer.train(
          model,
          TrainingData.pretraining(problems, List.of("en", "de", "ru"), vocab, 64, 3),
          stage(5),
          3,
          1.0,
          "test",
          60);
      model.save(dir, "m");
      before = new BlockCausalLm(model, new long[] {2}).forwardFull(ids);
    }
    float[][] trained;
    try (BlockCausalLm loaded =
        new BlockCausalLm(BlockGptModel.load(dir, "m", Device.cpu()), new long[] {2})) {
      float[][] after = loaded.forwardFull(ids);
      assertThat(after.length).isEqualTo(ids.length);
      for (int i = 0; i < ids.length; i++) {
        assertThat(after[i]).containsExactly(before[i]);
      }
      // a loaded model trains further and saves again (post-training starts from a stored base)
      GptTrainer.train(
          loaded.model(),
          TrainingData.postTraining(setOf(List.of("en"), 16), vocab, 64),
          stage(2),
          1,
          1.0,
          "test",
          60);
      loaded.model().save(dir, "m2");
      trained = loaded.forwardFull(ids);
      assertThat(trained[0]).isNotEqualTo(before[0]);
    }
    try (BlockCausalLm again =
        new BlockCausalLm(BlockGptModel.load(dir, "m2", Device.cpu()), new long[] {2})) {
      assertThat(again.forwardFull(ids)[ids.length - 1]).containsExactly(trained[ids.length - 1]);
    }
  }

  @Test
  void theSameSeedTrainsTheSameWeightsWithOneThread() {
    List<TrainingData.Doc> docs =
        TrainingData.pretraining(problems, List.of("en", "ru"), vocab, 64, 4);
    double[] losses = new double[2];
    for (int run = 0; run < 2; run++) {
      try (BlockGptModel model = fresh(5)) {
        List<GptTrainer.Point> curve = GptTrainer.train(model, docs, stage(6), 9, 1.0, "test", 60);
        losses[run] = curve.get(5).loss();
      }
    }
    assertThat(losses[0]).isEqualTo(losses[1]);
  }

  @Test
  void nonFiniteStepsAreSkippedAndTenInARowFailTheTraining() {
    List<TrainingData.Doc> docs =
        TrainingData.postTraining(setOf(List.of("en", "de"), 20), vocab, 64);
    try (BlockGptModel model = fresh(4)) {
      // NaN weights: every loss and gradient from here on is NaN (set outside autograd: an earlier
      // test of this JVM may have left the parameters requiring gradients and grad mode on)
      boolean gradMode = JniUtils.isGradMode();
      JniUtils.setGradMode(false);
      try {
        model.parameterArrays().get(model.parameterNames().indexOf("l0.fc1.w")).muli(Float.NaN);
      } finally {
        JniUtils.setGradMode(gradMode);
      }
      assertThatThrownBy(() -> GptTrainer.train(model, docs, stage(30), 1, 1.0, "poisoned", 60))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(
              "poisoned: loss or gradient not finite in 10 steps in a row up to step 10");
    }
  }

  /**
   * Two trainings sharing the JVM (two Spark tasks of one executor) repeat a training alone, loss
   * for loss and weight for weight, while a third thread collects garbage and fills freshly
   * allocated direct memory with NaN. Before the forward pass kept its scalars in the step's
   * manager, autograd read DJL's freed scalar buffers in the backward pass, and these runs diverged
   * within a few steps.
   */
  @Test
  void trainingsSharingTheJvmRepeatATrainingAloneWhileTheJvmRecyclesDirectMemory()
      throws Exception {
    List<TrainingData.Doc> docs =
        TrainingData.postTraining(setOf(List.of("en", "de", "ru"), 40), vocab, 64);
    java.util.concurrent.Callable<Trained> run =
        () -> {
          try (BlockGptModel model = fresh(6)) {
            List<GptTrainer.Point> curve =
                GptTrainer.train(model, docs, stage(40), 3, 1.0, "shared", 60);
            float[] weights = model.parameterArrays().get(0).toFloatArray();
            return new Trained(
                curve.stream().mapToDouble(GptTrainer.Point::loss).toArray(), weights);
          }
        };
    Trained alone = run.call();
    assertThat(alone.losses()).hasSize(40);
    assertThat(java.util.Arrays.stream(alone.losses()).allMatch(Double::isFinite)).isTrue();
    java.util.concurrent.atomic.AtomicBoolean training =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    Thread recycler = new Thread(() -> recycleDirectMemory(training), "recycler");
    java.util.concurrent.ExecutorService tasks =
        java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      recycler.start();
      var first = tasks.submit(run);
      var second = tasks.submit(run);
      for (Trained shared : List.of(first.get(), second.get())) {
        assertThat(shared.losses()).containsExactly(alone.losses());
        assertThat(shared.weights()).containsExactly(alone.weights());
      }
    } finally {
      training.set(false);
      tasks.shutdownNow();
      recycler.join();
    }
  }

  record Trained(double[] losses, float[] weights) {}

  /** Until {@code on} turns false: GC, then small direct buffers holding NaN, as DJL's scalars. */
  private static void recycleDirectMemory(java.util.concurrent.atomic.AtomicBoolean on) {
    List<java.nio.ByteBuffer> held = new java.util.ArrayList<>();
    while (on.get()) {
      for (int i = 0; i < 64; i++) {
        java.nio.ByteBuffer b =
            java.nio.ByteBuffer.allocateDirect(4).order(java.nio.ByteOrder.nativeOrder());
        b.putFloat(0, Float.NaN);
        held.add(b);
      }
      if (held.size() > 4096) {
        held.clear();
      }
      System.gc();
      java.util.concurrent.locks.LockSupport.parkNanos(2_000_000);
    }
  }
}
