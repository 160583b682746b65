package org.polyreason.jobs.train;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * One PyTorch intra-op thread in this JVM. Training is bit-for-bit repeatable only with one thread
 * (with two, losses agree to four decimals but weights drift), and on a shared machine one thread
 * per Spark task is also the fastest use of the cores: parallelism comes from the tasks.
 */
final class TrainThreads {
  private TrainThreads() {}

  static synchronized void single() {
    System.setProperty("ai.djl.pytorch.num_threads", "1");
    System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    Engine.getEngine("PyTorch");
    // the engine may have started earlier in this JVM with other settings
    if (JniUtils.getNumThreads() != 1) {
      JniUtils.setNumThreads(1);
    }
  }
}
