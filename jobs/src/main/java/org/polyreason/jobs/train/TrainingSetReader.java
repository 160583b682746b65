package org.polyreason.jobs.train;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.polyreason.common.UserException;
import org.polyreason.core.Tables;
import org.polyreason.core.Warehouse;

/**
 * Where the training texts come from.
 *
 * <ul>
 *   <li>Pretraining: the {@code train} split ({@code subset = 'train'}) of a benchmark in the
 *       {@code problems} table (statements and, in {@code raw_answer}, the worked answer whose
 *       equations become bare-equation documents; what the {@code synthetic} source writes).
 *   <li>Post-training for N: the {@code train} split of the {@code parallel-data} set {@code
 *       <design>-n<N>} in {@code training_sets} (its fixed budget: M / N problems, each in N
 *       languages), with each row's worked answer taken from {@code problems.raw_answer}.
 * </ul>
 *
 * <p>The rows are brought to the driver on purpose: they are what every training task holds in
 * memory anyway (a few MB for the miniature), and the job refuses more than {@link #MAX_ROWS}.
 */
final class TrainingSetReader {
  static final int MAX_ROWS = 2_000_000;

  private TrainingSetReader() {}

  /** The pretraining rows: the train split of {@code benchmark} in {@code languages}. */
  static List<TrainingData.Row> pretraining(
      Warehouse warehouse, String benchmark, List<String> languages) {
    List<TrainingData.Row> out = split(warehouse, benchmark, "train", languages);
    if (out.isEmpty()) {
      throw new UserException(
          "The problems table has no training problems (subset = 'train') of benchmark "
              + benchmark
              + " in "
              + languages
              + " (polyreason.train.benchmark, polyreason.train.languages); ingest the synthetic"
              + " benchmark first");
    }
    return out;
  }

  /**
   * The test split of {@code benchmark} in {@code languages}: problem id → language → question (the
   * translation probe's problems; empty when the benchmark has no test split).
   */
  static Map<String, Map<String, String>> testQuestions(
      Warehouse warehouse, String benchmark, List<String> languages) {
    Map<String, Map<String, String>> out = new TreeMap<>();
    for (TrainingData.Row r : split(warehouse, benchmark, "test", languages)) {
      out.computeIfAbsent(r.problemId(), k -> new TreeMap<>()).put(r.lang(), r.question());
    }
    return out;
  }

  /** The rows of one split ({@code subset}) of {@code benchmark} in {@code languages}. */
  private static List<TrainingData.Row> split(
      Warehouse warehouse, String benchmark, String subset, List<String> languages) {
    require(
        warehouse, Tables.PROBLEMS, "ingest with polyreason.ingest.benchmarks=[" + benchmark + "]");
    Dataset<Row> rows =
        warehouse
            .read(Tables.PROBLEMS)
            .filter(
                col("benchmark")
                    .equalTo(benchmark)
                    .and(col("subset").equalTo(subset))
                    .and(col("lang").isin(languages.toArray())))
            .select("problem_id", "lang", "question", "raw_answer");
    return collect(rows, "the " + subset + " split of " + benchmark);
  }

  /**
   * The post-training rows of every requested N: the train split of set {@code <design>-n<N>},
   * keyed by N, in the set's order ({@code idx}).
   */
  static Map<Integer, List<TrainingData.Row>> postTraining(
      Warehouse warehouse, String design, List<Integer> ns) {
    require(
        warehouse,
        Tables.TRAINING_SETS,
        "parallel-data with polyreason.parallel-data.design = " + design + " and n-list " + ns);
    Dataset<Row> problems =
        warehouse.read(Tables.PROBLEMS).select("benchmark", "problem_id", "lang", "raw_answer");
    Map<Integer, List<TrainingData.Row>> out = new TreeMap<>();
    for (int n : ns) {
      String set = design + "-n" + n;
      Dataset<Row> rows =
          warehouse
              .read(Tables.TRAINING_SETS)
              .filter(col("set").equalTo(set).and(col("split").equalTo("train")))
              .join(problems, new String[] {"benchmark", "problem_id", "lang"}, "left")
              .orderBy("idx")
              .select("problem_id", "lang", "question", "raw_answer");
      List<TrainingData.Row> list = collect(rows, "training set " + set);
      if (list.isEmpty()) {
        throw new UserException(
            "training_sets has no train rows of set "
                + set
                + " (polyreason.train.post-train.design = "
                + design
                + ", polyreason.train.n = "
                + ns
                + "); run parallel-data with design = "
                + design
                + " and "
                + n
                + " in polyreason.parallel-data.n-list first");
      }
      for (TrainingData.Row r : list) {
        if (r.worked() == null || r.worked().isBlank()) {
          throw new UserException(
              "Training set "
                  + set
                  + ": problem "
                  + r.problemId()
                  + " ("
                  + r.lang()
                  + ") has no worked answer (problems.raw_answer); supervised post-training needs"
                  + " a benchmark with worked answers, e.g. synthetic");
        }
      }
      out.put(n, list);
    }
    return out;
  }

  private static void require(Warehouse warehouse, org.polyreason.core.Table table, String run) {
    if (!warehouse.exists(table)) {
      throw new UserException(
          "Table "
              + table.name()
              + " does not exist in "
              + warehouse.root()
              + "; run "
              + run
              + " first");
    }
  }

  private static List<TrainingData.Row> collect(Dataset<Row> rows, String what) {
    long count = rows.count();
    if (count > MAX_ROWS) {
      throw new UserException(
          "The "
              + what
              + " has "
              + count
              + " rows; the train job holds it in memory and allows at most "
              + MAX_ROWS);
    }
    List<TrainingData.Row> out = new ArrayList<>((int) count);
    rows.toLocalIterator()
        .forEachRemaining(
            r ->
                out.add(
                    new TrainingData.Row(
                        r.getString(0), r.getString(1), r.getString(2), r.getString(3))));
    return out;
  }
}
