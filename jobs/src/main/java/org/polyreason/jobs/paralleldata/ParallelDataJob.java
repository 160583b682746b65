package org.polyreason.jobs.paralleldata;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.polyreason.common.UserException;
import org.polyreason.config.Settings;
import org.polyreason.core.Job;
import org.polyreason.core.JobResult;
import org.polyreason.core.RunContext;
import org.polyreason.core.Table;
import org.polyreason.core.Tables;
import org.polyreason.core.TrainerFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code parallel-data}: problems → training_sets and trainer files. For each N of the n-list, the
 * set of the paper's controlled design: English plus the next N−1 configured languages, each chosen
 * problem in all N of them; M/N problems at a fixed budget M, or the same P problems for every N.
 * Problems are drawn in one seeded order (smaller sets of the fixed-budget design are prefixes of
 * larger ones), split into train and validation by problem, and checked against the evaluation
 * benchmarks for leakage before anything is written.
 */
public final class ParallelDataJob implements Job<ParallelDataSettings> {
  private static final Logger LOG = LoggerFactory.getLogger(ParallelDataJob.class);
  private static final int LISTED = 10;

  @Override
  public String name() {
    return "parallel-data";
  }

  @Override
  public List<Table> reads() {
    return List.of(Tables.PROBLEMS);
  }

  @Override
  public List<Table> writes() {
    return List.of(Tables.TRAINING_SETS);
  }

  @Override
  public String description() {
    return "problems -> training_sets + verl/SkyRL/SFT Parquet (English + N-1 parallel languages)";
  }

  @Override
  public ParallelDataSettings parse(Settings settings) {
    return ParallelDataSettings.parse(settings);
  }

  @Override
  public void requireInputs(ParallelDataSettings s) {
    if (s.benchmarks().isEmpty()) {
      throw Settings.bad(
          ParallelDataSettings.KEY + ".benchmarks",
          "[]",
          "a non-empty list of benchmarks of the problems table, e.g. [msvamp]");
    }
  }

  @Override
  public JobResult run(SparkSession spark, ParallelDataSettings s, RunContext ctx) {
    requireInputs(s);
    var wh = ctx.warehouse();
    if (!wh.exists(Tables.PROBLEMS)) {
      throw new UserException(
          "Table problems does not exist in " + wh.root() + "; run ingest first");
    }
    Dataset<Row> problems = wh.read(Tables.PROBLEMS);
    Set<String> present = new TreeSet<>();
    for (Row r : problems.select("benchmark").distinct().collectAsList()) {
      present.add(r.getString(0));
    }
    requirePresent(ParallelDataSettings.KEY + ".benchmarks", s.benchmarks(), present);
    requirePresent(ParallelDataSettings.KEY + ".eval-benchmarks", s.evalBenchmarks(), present);

    Dataset<Row> evalProblems = bySubset(problems, s.evalSubsets());
    problems = bySubset(problems, s.subsets());
    Dataset<Row> pool = ParallelDataTransforms.pool(problems, s).cache();
    long poolSize = pool.count();
    Dataset<Row> trainProblems =
        problems
            .join(pool, new String[] {"benchmark", "problem_id"})
            .filter(col("lang").isin(s.languages().toArray()));
    Dataset<Row> violations =
        s.evalBenchmarks().isEmpty()
            ? null
            : ParallelDataTransforms.leakage(
                    trainProblems,
                    evalProblems.filter(col("benchmark").isin(s.evalBenchmarks().toArray())))
                .cache();
    if (violations != null && s.leakage().equals("exclude")) {
      Dataset<Row> leaking = violations.select("benchmark", "problem_id").distinct();
      long excluded = leaking.count();
      LOG.info(
          "parallel-data: excluding {} pool problems that equal an evaluation problem", excluded);
      pool =
          pool.join(
              leaking,
              pool.col("benchmark")
                  .equalTo(leaking.col("benchmark"))
                  .and(pool.col("problem_id").equalTo(leaking.col("problem_id"))),
              "left_anti");
      poolSize -= excluded;
    }
    int largest = 0;
    for (int n : s.nList()) {
      int p = s.problemsFor(n);
      if (p < 1) {
        throw Settings.bad(
            ParallelDataSettings.KEY + ".budget",
            String.valueOf(s.budget()),
            "at least "
                + n
                + " (one problem in each of the "
                + n
                + " languages of set n"
                + n
                + ")");
      }
      if (s.design().equals(ParallelDataSettings.FIXED_BUDGET) && s.budget() % n != 0) {
        LOG.warn(
            "parallel-data: budget {} is not a multiple of N = {}; set n{} holds {} rows",
            s.budget(),
            n,
            n,
            (long) p * n);
      }
      largest = Math.max(largest, p);
    }
    if (largest > poolSize) {
      throw new UserException(
          "parallel-data needs "
              + largest
              + " problems present in all of "
              + s.languages()
                  .subList(0, s.nList().stream().mapToInt(Integer::intValue).max().orElse(1))
              + " of "
              + s.benchmarks()
              + ", but the pool has "
              + poolSize
              + "; lower polyreason.parallel-data.budget or .problems, or use fewer languages");
    }
    Dataset<Row> ordered = ParallelDataTransforms.ordered(pool, s.seed()).cache();
    long leaks = 0;
    if (violations != null && !s.leakage().equals("exclude")) {
      Dataset<Row> chosen =
          ordered.filter(col("rank").leq(largest)).select("benchmark", "problem_id");
      Dataset<Row> hit =
          violations
              .join(chosen, new String[] {"benchmark", "problem_id"})
              .orderBy("benchmark", "problem_id", "eval_benchmark", "eval_problem_id", "kind");
      leaks = hit.count();
      if (leaks > 0) {
        List<String> listed = new ArrayList<>();
        for (Row r : hit.limit(LISTED).collectAsList()) {
          listed.add(
              r.getAs("benchmark")
                  + "/"
                  + r.getAs("problem_id")
                  + " = "
                  + r.getAs("eval_benchmark")
                  + "/"
                  + r.getAs("eval_problem_id")
                  + " ("
                  + r.getAs("kind")
                  + ")");
        }
        String message =
            "Leakage: "
                + leaks
                + " training problem(s) equal evaluation problems of "
                + s.evalBenchmarks()
                + ": "
                + String.join("; ", listed)
                + (leaks > LISTED ? "; …" : "")
                + " (polyreason.parallel-data.leakage = exclude drops them, warn keeps them)";
        if (s.leakage().equals("error")) {
          throw new UserException(message);
        }
        LOG.warn("parallel-data: {}", message);
      }
    }

    Dataset<Row> all = null;
    for (int n : s.nList()) {
      Dataset<Row> set =
          ParallelDataTransforms.setRows(
              ParallelDataTransforms.setProblems(ordered, s, n), problems, s, n);
      all = all == null ? set : all.unionByName(set);
    }
    wh.replace(all.repartition(col("set")), Tables.TRAINING_SETS, ctx.runId());
    Dataset<Row> stored = wh.read(Tables.TRAINING_SETS).cache();
    long rows = stored.count();

    TrainerFiles files =
        new TrainerFiles(spark, s.out().isEmpty() ? wh.path("trainer-data") : s.out(), ctx.runId());
    int written = 0;
    for (int n : s.nList()) {
      for (String split : List.of("train", "val")) {
        Dataset<Row> part =
            stored
                .filter(col("set").equalTo(s.setName(n)).and(col("split").equalTo(split)))
                .repartition(1)
                .sortWithinPartitions("idx");
        for (String format : s.formats()) {
          Dataset<Row> laid =
              switch (format) {
                case "verl" -> ParallelDataTransforms.verl(part);
                case "skyrl" -> ParallelDataTransforms.skyrl(part, s.skyrlEnvClass());
                default -> ParallelDataTransforms.sft(part);
              };
          files.write(laid, s.setName(n) + "/" + format + "/" + split + ".parquet");
          written++;
        }
      }
    }
    files.finish();
    LOG.info(
        "parallel-data: {} sets, {} rows in training_sets, {} trainer files under {}",
        s.nList().size(),
        rows,
        written,
        files.root());
    stored.unpersist();
    ordered.unpersist();
    pool.unpersist();
    return new JobResult()
        .count("pool_problems", poolSize)
        .count("output_rows", rows)
        .count("files", written)
        .count("leakage", leaks);
  }

  private static void requirePresent(String key, List<String> wanted, Set<String> present) {
    for (String b : wanted) {
      if (!present.contains(b)) {
        throw Settings.bad(
            key,
            b,
            "a benchmark of the problems table ("
                + String.join(", ", present)
                + "); ingest it first");
      }
    }
  }

  /** Problems whose {@code subset} is one of {@code subsets} (all when the list is empty). */
  private static Dataset<Row> bySubset(Dataset<Row> problems, List<String> subsets) {
    return subsets.isEmpty() ? problems : problems.filter(col("subset").isin(subsets.toArray()));
  }
}
