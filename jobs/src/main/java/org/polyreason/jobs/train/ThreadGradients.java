package org.polyreason.jobs.train;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Gradient recording for the calling thread only. DJL's {@code PtGradientCollector} allows one
 * collector per JVM (a static flag), which fails as soon as two Spark tasks of one executor train
 * at the same time; PyTorch's grad mode is per thread, so each task records its own graph here.
 * PyTorch engine only (as is the whole job).
 */
final class ThreadGradients implements AutoCloseable {
  private final boolean previous;

  ThreadGradients() {
    previous = JniUtils.isGradMode();
    JniUtils.setGradMode(true);
  }

  /** d(loss)/d(parameters), added to the parameters' gradients. */
  void backward(NDArray loss) {
    try (NDArray ones = loss.onesLike()) {
      JniUtils.backward((PtNDArray) loss, (PtNDArray) ones, false, false);
    }
  }

  /** Sets a parameter's gradient to zero (DJL's optimizers do not). */
  static void zero(NDArray parameter) {
    JniUtils.zeroGrad((PtNDArray) parameter);
  }

  @Override
  public void close() {
    JniUtils.setGradMode(previous);
  }
}
