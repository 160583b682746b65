package org.polyreason.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.polyreason.core.Job;
import org.polyreason.jobs.aggregate.AggregateJob;
import org.polyreason.jobs.generate.GenerateJob;
import org.polyreason.jobs.importer.ImportJob;
import org.polyreason.jobs.importmetrics.ImportMetricsJob;
import org.polyreason.jobs.ingest.IngestJob;
import org.polyreason.jobs.paralleldata.ParallelDataJob;
import org.polyreason.jobs.report.ReportJob;
import org.polyreason.jobs.reward.RewardJob;
import org.polyreason.jobs.scalinglaw.ScalingLawJob;
import org.polyreason.jobs.score.ScoreJob;
import org.polyreason.jobs.study.StudyJob;
import org.polyreason.jobs.train.TrainJob;
import org.polyreason.jobs.transfer.TransferJob;

/**
 * Every job the CLI can run, in data-flow order. Only the entry point knows them all; {@code study}
 * is handed the others as the jobs its stages may run.
 */
public final class JobRegistry {
  private static final Map<String, Job<?>> JOBS = new LinkedHashMap<>();

  static {
    List<Job<?>> stages =
        List.of(
            new IngestJob(),
            new ParallelDataJob(),
            new TrainJob(),
            new ImportJob(),
            new ImportMetricsJob(),
            new GenerateJob(),
            new ScoreJob(),
            new AggregateJob(),
            new TransferJob(),
            new ScalingLawJob(),
            new ReportJob(),
            new RewardJob());
    List<Job<?>> all = new ArrayList<>(stages);
    all.add(new StudyJob(stages));
    all.forEach(job -> JOBS.put(job.name(), job));
  }

  private JobRegistry() {}

  public static Map<String, Job<?>> all() {
    return JOBS;
  }

  public static Optional<Job<?>> find(String name) {
    return Optional.ofNullable(JOBS.get(name));
  }
}
