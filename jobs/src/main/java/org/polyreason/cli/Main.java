package org.polyreason.cli;

import com.typesafe.config.Config;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.polyreason.common.ExitCodes;
import org.polyreason.common.UserException;
import org.polyreason.config.ConfigLoader;
import org.polyreason.config.Settings;
import org.polyreason.core.CommonSettings;
import org.polyreason.core.Job;
import org.polyreason.core.JobRegistry;
import org.polyreason.core.JobResult;
import org.polyreason.core.RunContext;
import org.polyreason.core.RunsTable;
import org.polyreason.core.SparkSessions;
import org.polyreason.core.Warehouse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one entry point: {@code polyreason <job> [--env E] [--set key=value]... [--help]}. Exit codes:
 * 0 success, 2 bad input or configuration (one line on stderr), 1 any other failure.
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
      err.println("polyreason: unknown job " + cli.job() + "; available: " + String.join(", ", JobRegistry.all().keySet()));
      return ExitCodes.BAD_INPUT;
    }
    if (cli.help()) {
      Help.printJobKeys(job, out);
      return ExitCodes.OK;
    }
    try {
      return runJob(job, cli, err);
    } catch (UserException e) {
      err.println("polyreason " + job.name() + ": " + e.getMessage());
      return ExitCodes.BAD_INPUT;
    } catch (RuntimeException | Error e) {
      UserException user = findUserException(e);
      if (user != null) {
        err.println("polyreason " + job.name() + ": " + user.getMessage());
        return ExitCodes.BAD_INPUT;
      }
      LOG.error("Job {} failed", job.name(), e);
      err.println("polyreason " + job.name() + ": failed: " + e);
      return ExitCodes.FAILURE;
    }
  }

  private static <S> int runJob(Job<S> job, CliArgs cli, PrintStream err) {
    Path confDir = Path.of(System.getProperty("polyreason.conf-dir",
        System.getenv().getOrDefault("POLYREASON_CONF_DIR", "conf")));
    Config config = ConfigLoader.load(cli.env(), confDir, cli.configFile(), cli.sets(),
        System.getProperties());
    Settings settings = new Settings(config, ConfigLoader.overrides(cli.sets(), System.getProperties()));
    CommonSettings common = CommonSettings.parse(settings);
    S jobSettings = job.parse(settings); // all validation happens before Spark starts
    job.requireInputs(jobSettings);
    Instant started = Instant.now();
    SparkSession spark = SparkSessions.forJob(job.name(), common);
    DefaultLogging.applyUnlessConfigured(); // a starting SparkContext resets logging to its defaults
    Warehouse warehouse = new Warehouse(spark, common.warehouse());
    RunContext ctx = new RunContext(common.runId(), job.name(), common, warehouse, config);
    LOG.info("Run {}: job {} on warehouse {}", ctx.runId(), job.name(), warehouse.root());
    try {
      JobResult result = job.run(spark, jobSettings, ctx);
      RunsTable.append(spark, warehouse, ctx, started, "success", null, result.counts());
      LOG.info("Run {}: job {} finished: {}", ctx.runId(), job.name(), result);
      return ExitCodes.OK;
    } catch (RuntimeException | Error e) {
      UserException user = findUserException(e);
      try {
        RunsTable.append(spark, warehouse, ctx, started, user != null ? "bad-input" : "failed",
            String.valueOf(user != null ? user.getMessage() : e), Map.of());
      } catch (RuntimeException recordFailure) {
        e.addSuppressed(recordFailure);
      }
      throw e;
    }
  }

  static UserException findUserException(Throwable t) {
    List<Throwable> seen = new ArrayList<>();
    for (Throwable c = t; c != null && !seen.contains(c); c = c.getCause()) {
      seen.add(c);
      if (c instanceof UserException u) {
        return u;
      }
    }
    return null;
  }
}
