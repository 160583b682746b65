package org.polyreason.core;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.polyreason.jobs.aggregate.AggregateJob;
import org.polyreason.jobs.generate.GenerateJob;
import org.polyreason.jobs.importer.ImportJob;
import org.polyreason.jobs.importmetrics.ImportMetricsJob;
import org.polyreason.jobs.ingest.IngestJob;
import org.polyreason.jobs.paralleldata.ParallelDataJob;
import org.polyreason.jobs.report.ReportJob;
import org.polyreason.jobs.reward.RewardJob;
import org.polyreason.jobs.scalinglaw.ScalingLawJob;
import org.polyreason.jobs.study.StudyJob;
import org.polyreason.jobs.score.ScoreJob;
import org.polyreason.jobs.transfer.TransferJob;

/** Every job the CLI can run, in data-flow order. */
public final class JobRegistry {
  private static final Map<String, Job<?>> JOBS = new LinkedHashMap<>();

  static {
    register(new IngestJob());
    register(new ImportJob());
    register(new ImportMetricsJob());
    register(new GenerateJob());
    register(new ScoreJob());
    register(new AggregateJob());
    register(new TransferJob());
    register(new ScalingLawJob());
    register(new ReportJob());
    register(new ParallelDataJob());
    register(new RewardJob());
    register(new StudyJob());
  }

  private JobRegistry() {}

  private static void register(Job<?> job) {
    JOBS.put(job.name(), job);
  }

  public static Map<String, Job<?>> all() {
    return JOBS;
  }

  public static Optional<Job<?>> find(String name) {
    return Optional.ofNullable(JOBS.get(name));
  }
}
