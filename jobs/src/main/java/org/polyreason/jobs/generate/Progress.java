package org.polyreason.jobs.generate;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.spark.util.LongAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs generation progress on the driver at a fixed interval: done/total, tokens/s and ETA, from
 * accumulators (which advance as tasks finish, so partitions are kept small enough to move often).
 */
final class Progress implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Progress.class);
  private final ScheduledExecutorService timer;
  private final long started = System.nanoTime();

  Progress(
      String label, long total, LongAccumulator done, LongAccumulator tokens, int intervalSeconds) {
    timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "generate-progress");
              t.setDaemon(true);
              return t;
            });
    timer.scheduleAtFixedRate(
        () -> log(label, total, done.value(), tokens.value()),
        intervalSeconds,
        intervalSeconds,
        TimeUnit.SECONDS);
  }

  void log(String label, long total, long done, long tokens) {
    double secs = Math.max((System.nanoTime() - started) / 1e9, 1e-9);
    double rate = done / secs;
    String eta = done == 0 ? "?" : String.format("%.0f s", (total - done) / rate);
    LOG.info(
        "generate {}: {}/{} samples ({}%), {} tokens/s, ETA {}",
        label,
        done,
        total,
        total == 0 ? 100 : done * 100 / total,
        String.format("%.0f", tokens / secs),
        eta);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
