package org.polyreason.jobs.train;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.polyreason.common.UserException;
import org.polyreason.core.Warehouse;

/**
 * Where the training texts come from: the {@code train} split ({@code subset = 'train'}) of a
 * benchmark in the {@code problems} table, with the worked answer in {@code raw_answer} (what the
 * {@code synthetic} source writes).
 *
 * <p>This is the one piece to replace when the post-training set becomes the {@code parallel-data}
 * job's output (a table of the same problems in 1..K languages per N): {@link #read} returns plain
 * rows, and nothing else in the job knows where they came from. The rows are brought to the driver
 * on purpose: they are the training set every training task holds in memory anyway (a few MB for
 * the miniature), and the job refuses more than {@link #MAX_ROWS}.
 */
final class TrainingSetReader {
  static final int MAX_ROWS = 2_000_000;

  private TrainingSetReader() {}

  static List<TrainingData.Row> read(
      Warehouse warehouse, String benchmark, List<String> languages) {
    if (!warehouse.exists("problems")) {
      throw new UserException(
          "The problems table does not exist in "
              + warehouse.root()
              + "; run ingest with polyreason.ingest.benchmarks=["
              + benchmark
              + "] first");
    }
    Dataset<Row> rows =
        warehouse
            .read("problems")
            .filter(
                functions
                    .col("benchmark")
                    .equalTo(benchmark)
                    .and(functions.col("subset").equalTo("train"))
                    .and(functions.col("lang").isin(languages.toArray())))
            .select("problem_id", "lang", "question", "raw_answer");
    long count = rows.count();
    if (count == 0) {
      throw new UserException(
          "The problems table has no training problems (subset = 'train') of "
              + "benchmark "
              + benchmark
              + " in "
              + languages
              + " (polyreason.train.benchmark, "
              + "polyreason.train.languages); ingest the synthetic benchmark first");
    }
    if (count > MAX_ROWS) {
      throw new UserException(
          "The training set of "
              + benchmark
              + " has "
              + count
              + " rows; the "
              + "train job holds it in memory and allows at most "
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
