package org.polyreason.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.polyreason.common.ExitCodes;
import org.polyreason.common.UserException;
import org.polyreason.config.Settings;

/**
 * Runs a job the one way the CLI and every study stage do: parse and check its settings before Spark
 * starts ({@link #prepare}), run it and append its {@code runs} row whatever the outcome ({@link #run}),
 * and map a failure to its status and exit code ({@link #userCause}, {@link #exitCode}).
 */
public final class JobRunner {
  public static final String SUCCESS = "success";
  public static final String BAD_INPUT = "bad-input";
  public static final String FAILED = "failed";

  /** A job with its parsed and checked settings, typed together so that running it needs no cast. */
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
   * Runs the job and appends one {@code runs} row (then calls {@code also}) on success and on failure;
   * a failure is rethrown unchanged, with any failure to record it added as suppressed.
   *
   * @param started when the attempt began (the CLI counts the Spark start in)
   */
  public static JobResult run(SparkSession spark, Prepared<?> job, RunContext ctx, Instant started,
      Recorder also) {
    try {
      JobResult result = job.run(spark, ctx);
      RunsTable.append(spark, ctx.warehouse(), ctx, started, SUCCESS, null, result.counts());
      also.record(SUCCESS, null, started);
      return result;
    } catch (RuntimeException | Error e) {
      UserException user = userCause(e);
      String status = user != null ? BAD_INPUT : FAILED;
      String error = String.valueOf(user != null ? user.getMessage() : e);
      try {
        RunsTable.append(spark, ctx.warehouse(), ctx, started, status, error, Map.of());
        also.record(status, error, started);
      } catch (RuntimeException recordFailure) {
        e.addSuppressed(recordFailure);
      }
      throw e;
    }
  }

  /** The {@link UserException} in the cause chain of {@code t} (bad input), or null (a bug or failure). */
  public static UserException userCause(Throwable t) {
    List<Throwable> seen = new ArrayList<>();
    for (Throwable c = t; c != null && !seen.contains(c); c = c.getCause()) {
      seen.add(c);
      if (c instanceof UserException u) {
        return u;
      }
    }
    return null;
  }

  /** 2 when bad input caused the failure, else 1. */
  public static int exitCode(Throwable t) {
    return userCause(t) != null ? ExitCodes.BAD_INPUT : ExitCodes.FAILURE;
  }
}
