package org.polyreason.jobs.train;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * The PyTorch intra-op threads of this JVM. Training is bit-for-bit repeatable with one thread,
 * also while other tasks train in the same JVM ({@link GptTrainer}'s class doc says what once broke
 * that; the tests check one thread). The weight drift once seen with two came with that bug: since
 * its fix two pretrainings on two threads gave identical weights (README, "What the default run
 * shows here"). On a shared machine one thread per Spark task is also the fastest use of the cores:
 * parallelism comes from the tasks; a stage that runs alone (pretraining: one model) may use more
 * ({@code polyreason.train.pretrain.threads}).
 */
public final class TrainThreads {
  private TrainThreads() {}

  /** Sets this JVM's PyTorch intra-op threads (inter-op: 1), starting the engine if need be. */
  public static synchronized void use(int threads) {
    System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
    System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    Engine.getEngine("PyTorch");
    // the engine may have started earlier in this JVM with other settings
    if (JniUtils.getNumThreads() != threads) {
      JniUtils.setNumThreads(threads);
    }
  }
}
