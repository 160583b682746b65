package org.polyreason.cli;

import com.typesafe.config.Config;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import org.apache.spark.sql.SparkSession;
import org.polyreason.common.ExitCodes;
import org.polyreason.common.UserException;
import org.polyreason.config.ConfigLoader;
import org.polyreason.config.Settings;
import org.polyreason.core.CommonSettings;
import org.polyreason.core.Failures;
import org.polyreason.core.Job;
import org.polyreason.core.JobResult;
import org.polyreason.core.JobRunner;
import org.polyreason.core.RunContext;
import org.polyreason.core.SparkSessions;
import org.polyreason.core.TableLock;
import org.polyreason.core.Warehouse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one entry point: {@code polyreason <job> [--env E] [--set key=value]... [--help]}. Exit
 * codes: 0 success, 2 bad input or configuration (one line on stderr), 1 any other failure.
 */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) {
    DefaultLogging.applyUnlessConfigured();
    int code = run(args, System.out, System.err);
    if (code != ExitCodes.OK) {
      System.exit(code);
    }
  }

  /** Runs a command and returns its exit code (tests call this directly). */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    CliArgs cli;
    try {
      cli = CliArgs.parse(args);
    } catch (UserException e) {
      err.println("polyreason: " + e.getMessage());
      return ExitCodes.BAD_INPUT;
    }
    if (cli.job() == null) {
      Help.printJobs(out);
      return cli.help() ? ExitCodes.OK : ExitCodes.BAD_INPUT;
    }
    Job<?> job = JobRegistry.find(cli.job()).orElse(null);
    if (job == null) {
      err.println(
          "polyreason: unknown job "
              + cli.job()
              + "; available: "
              + String.join(", ", JobRegistry.all().keySet()));
      return ExitCodes.BAD_INPUT;
    }
    if (cli.help()) {
      Help.printJobKeys(job, out);
      return ExitCodes.OK;
    }
    try {
      return runJob(job, cli);
    } catch (Exception
        | Error e) { // Spark's Scala code throws checked exceptions (SparkException) too
      Failures.Outcome outcome = Failures.classify(e);
      if (outcome.exitCode() == ExitCodes.FAILURE) {
        LOG.error("Job {} failed", job.name(), e);
      }
      err.println("polyreason " + job.name() + ": " + outcome.message());
      return outcome.exitCode();
    }
  }

  private static <S> int runJob(Job<S> job, CliArgs cli) {
    Path confDir = ConfigLoader.confDir();
    Config config =
        ConfigLoader.load(cli.env(), confDir, cli.configFile(), cli.sets(), System.getProperties());
    Settings settings =
        new Settings(config, ConfigLoader.overrides(cli.sets(), System.getProperties()));
    CommonSettings common = CommonSettings.parse(settings);
    TableLock.LockSettings locks = TableLock.LockSettings.parse(settings);
    JobRunner.Prepared<S> prepared =
        JobRunner.prepare(job, settings); // all validation before Spark
    LOG.info(
        "Environment {}: overlay {}", cli.env(), ConfigLoader.overlayOrigin(cli.env(), confDir));
    Instant started = Instant.now();
    SparkSession spark = SparkSessions.forJob(job.name(), common);
    DefaultLogging
        .applyUnlessConfigured(); // a starting SparkContext resets logging to its defaults
    Warehouse warehouse =
        new Warehouse(spark, common.warehouse(), locks, common.runId(), job.name());
    RunContext ctx = new RunContext(common.runId(), job.name(), common, warehouse, config);
    LOG.info("Run {}: job {} on warehouse {}", ctx.runId(), job.name(), warehouse.root());
    JobResult result = JobRunner.run(spark, prepared, ctx, started, JobRunner.Recorder.NONE);
    LOG.info("Run {}: job {} finished: {}", ctx.runId(), job.name(), result);
    return ExitCodes.OK;
  }
}
