package org.polyreason.jobs.study;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.polyreason.common.ExitCodes;
import org.polyreason.common.UserException;
import org.polyreason.config.Settings;
import org.polyreason.core.CommonSettings;
import org.polyreason.core.Failures;
import org.polyreason.core.Job;
import org.polyreason.core.JobResult;
import org.polyreason.core.JobRunner;
import org.polyreason.core.RunContext;
import org.polyreason.core.Table;
import org.polyreason.core.TableLock;
import org.polyreason.core.Tables;
import org.polyreason.core.Warehouse;
import org.polyreason.jobs.study.StudySettings.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code study}: runs the stages of an experiment file in order, in-process, each through its job's
 * {@link Job} interface and with its own {@code runs} row (run id {@code <study run id>-<stage>}).
 * A stage is skipped when its latest attempt succeeded with the same {@link Fingerprint} and its
 * outputs exist; so a rerun after a failure picks up at the failed stage, and a changed setting or
 * input reruns that stage and, through the changed tables, everything downstream.
 */
public final class StudyJob implements Job<StudySettings> {
  private static final Logger LOG = LoggerFactory.getLogger(StudyJob.class);
  private final Map<String, Job<?>> jobs = new LinkedHashMap<>();

  /** {@code jobs}: what a stage may run (every job of the CLI but study itself). */
  public StudyJob(List<Job<?>> jobs) {
    jobs.forEach(job -> this.jobs.put(job.name(), job));
  }

  @Override
  public String name() {
    return "study";
  }

  @Override
  public String description() {
    return "runs ingest -> import/generate -> score -> aggregate -> transfer -> scaling-law -> report from a study file";
  }

  @Override
  public List<Table> reads() {
    return List.of(Tables.STUDY_STATE);
  }

  @Override
  public List<Table> writes() {
    return List.of(Tables.STUDY_STATE);
  }

  @Override
  public StudySettings parse(Settings settings) {
    return StudySettings.parse(settings, jobs);
  }

  @Override
  public void requireInputs(StudySettings settings) {
    settings.requireConfigured();
  }

  @Override
  public JobResult run(SparkSession spark, StudySettings settings, RunContext ctx) {
    long ran = 0;
    long skipped = 0;
    for (Stage stage : settings.stages()) {
      if (runStage(spark, settings, stage, ctx)) {
        ran++;
      } else {
        skipped++;
      }
    }
    LOG.info("study {}: {} stages ran, {} skipped (up to date)", settings.name(), ran, skipped);
    return new JobResult()
        .count("stages", settings.stages().size())
        .count("ran", ran)
        .count("skipped", skipped);
  }

  /** Runs one stage unless it is up to date; returns whether it ran. */
  private boolean runStage(
      SparkSession spark, StudySettings study, Stage stage, RunContext studyCtx) {
    String runId = studyCtx.runId() + "-" + stage.name();
    Config config =
        stage.config().withValue("polyreason.run-id", ConfigValueFactory.fromAnyRef(runId));
    CommonSettings common = CommonSettings.parse(new Settings(config));
    Warehouse wh =
        new Warehouse(
            spark,
            common.warehouse(),
            TableLock.LockSettings.parse(new Settings(config)),
            runId,
            stage.job().name());
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    Job<?> job = stage.job().job();
    String fingerprint = Fingerprint.compute(job, jobs.keySet(), config, wh.root(), hadoop);
    Optional<StudyState.Attempt> last = StudyState.latest(wh, study.name(), stage.name());
    String label =
        "stage " + (stage.index() + 1) + "/" + study.stages().size() + " " + stage.name();
    if (last.isPresent()
        && last.get().status().equals(JobRunner.SUCCESS)
        && last.get().fingerprint().equals(fingerprint)
        && job.writes().stream().allMatch(t -> present(t, config, wh, hadoop))) {
      LOG.info(
          "study {}: {} ({}) is up to date (run {}), skipped",
          study.name(),
          label,
          job.name(),
          last.get().runId());
      return false;
    }
    LOG.info(
        "study {}: {} ({}) runs as {} ({})",
        study.name(),
        label,
        job.name(),
        runId,
        last.isEmpty()
            ? "never ran"
            : last.get().status().equals(JobRunner.SUCCESS)
                ? "settings or inputs changed"
                : "previous attempt " + last.get().status());
    RunContext ctx = new RunContext(runId, job.name(), common, wh, config);
    try {
      JobResult result =
          JobRunner.run(
              spark,
              stage.job(),
              ctx,
              Instant.now(),
              (status, error, started) ->
                  StudyState.record(
                      spark,
                      wh,
                      study.name(),
                      stage,
                      runId,
                      studyCtx.runId(),
                      fingerprint,
                      status,
                      error,
                      started));
      LOG.info("study {}: {} finished: {}", study.name(), label, result);
      return true;
    } catch (Exception | Error e) { // checked ones too: Spark throws SparkException undeclared
      Failures.Outcome outcome = Failures.classify(e);
      String error = outcome.message();
      if (outcome.exitCode() == ExitCodes.BAD_INPUT) {
        throw new UserException(
            "Study "
                + study.name()
                + ": "
                + label
                + " ("
                + job.name()
                + ") failed: "
                + error
                + " (fix it and rerun: the finished stages are skipped)",
            e);
      }
      LOG.error(
          "Study {}: {} ({}) failed; rerun resumes at this stage", study.name(), label, job.name());
      throw Failures.<RuntimeException>sneaky(e);
    }
  }

  /**
   * Whether an output of a stage exists: a committed warehouse table, or the artifact's marker
   * file.
   */
  private static boolean present(Table table, Config config, Warehouse wh, Configuration hadoop) {
    if (table.inWarehouse()) {
      return wh.exists(table);
    }
    Path marker = new Path(config.getString(table.locationKey()), table.marker());
    try {
      return marker.getFileSystem(hadoop).exists(marker);
    } catch (IOException e) {
      return false;
    }
  }
}
