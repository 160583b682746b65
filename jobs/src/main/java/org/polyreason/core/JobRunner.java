package org.polyreason.core;

import java.time.Instant;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.polyreason.config.Settings;

/**
 * Runs a job the one way the CLI and every study stage do: parse and check its settings before
 * Spark starts ({@link #prepare}), run it and append its {@code runs} row whatever the outcome
 * ({@link #run}), and map a failure to its status and exit code ({@link Failures#classify}).
 */
public final class JobRunner {
  public static final String SUCCESS = "success";
  public static final String BAD_INPUT = "bad-input";
  public static final String FAILED = "failed";

  /** Another run held a table this run had to write (see {@link TableLock}). */
  public static final String LOCKED = "locked";

  /**
   * A job with its parsed and checked settings, typed together so that running it needs no cast.
   */
  public record Prepared<S>(Job<S> job, S settings) {
    public String name() {
      return job.name();
    }

    JobResult run(SparkSession spark, RunContext ctx) {
      return job.run(spark, settings, ctx);
    }
  }

  /** Records an attempt somewhere besides {@code runs} (the study's {@code study_state}). */
  @FunctionalInterface
  public interface Recorder {
    Recorder NONE = (status, error, started) -> {};

    void record(String status, String error, Instant started);
  }

  private JobRunner() {}

  /** Parses and validates the job's settings and checks they name something to do; no Spark. */
  public static <S> Prepared<S> prepare(Job<S> job, Settings settings) {
    S parsed = job.parse(settings);
    job.requireInputs(parsed);
    return new Prepared<>(job, parsed);
  }

  /**
   * Runs the job and appends one {@code runs} row (then calls {@code also}) on success and on
   * failure; a failure is classified by {@link Failures} and rethrown unchanged (checked ones too:
   * Spark throws {@code SparkException} undeclared), with any failure to record it added as
   * suppressed. The warehouse's table locks are released before the {@code runs} row is written, so
   * waiting writers get in as soon as the job's tables are complete; a job whose input table was
   * replaced under it runs once more.
   *
   * @param started when the attempt began (the CLI counts the Spark start in)
   */
  public static JobResult run(
      SparkSession spark, Prepared<?> job, RunContext ctx, Instant started, Recorder also) {
    Warehouse wh = ctx.warehouse();
    try (wh) {
      JobResult result = Failures.retryOnceIfReplaced(() -> job.run(spark, ctx));
      wh.close();
      RunsTable.append(spark, wh, ctx, started, SUCCESS, null, result.counts());
      also.record(SUCCESS, null, started);
      return result;
    } catch (Exception | Error e) {
      Failures.Outcome outcome = Failures.classify(e);
      try {
        wh.close();
        RunsTable.append(spark, wh, ctx, started, outcome.status(), outcome.message(), Map.of());
        also.record(outcome.status(), outcome.message(), started);
      } catch (Exception recordFailure) {
        e.addSuppressed(recordFailure);
      }
      throw Failures.<RuntimeException>sneaky(e);
    }
  }
}
