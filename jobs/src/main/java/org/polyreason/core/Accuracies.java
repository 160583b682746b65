package org.polyreason.core;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Accuracies of selected models, as the analysis jobs ({@code transfer}, {@code scaling-law})
 * consume them. Only unforced reasoning (think_lang null) and real languages (not {@code ALL}) are
 * used. What reaches the driver is small: one number per (model, benchmark, lang), or per problem
 * of a few models.
 */
public final class Accuracies {

  /** model → benchmark → lang → value. */
  public static final class ByModel extends TreeMap<String, Map<String, Map<String, Double>>> {
    private static final long serialVersionUID = 1L;

    void put(String model, String benchmark, String lang, double v) {
      computeIfAbsent(model, m -> new TreeMap<>())
          .computeIfAbsent(benchmark, b -> new TreeMap<>())
          .put(lang, v);
    }

    /** lang → value of one model on one benchmark (empty when absent). */
    public Map<String, Double> of(String model, String benchmark) {
      return getOrDefault(model, Map.of()).getOrDefault(benchmark, Map.of());
    }

    public Set<String> benchmarks(String model) {
      return getOrDefault(model, Map.of()).keySet();
    }
  }

  /**
   * model → benchmark → lang → problem_id → per-problem accuracy c/n (all samples of the problem).
   */
  public static final class PerProblem
      extends TreeMap<String, Map<String, Map<String, Map<String, Double>>>> {
    private static final long serialVersionUID = 1L;

    /** lang → problem → accuracy of one model on one benchmark (empty when absent). */
    public Map<String, Map<String, Double>> of(String model, String benchmark) {
      return getOrDefault(model, Map.of()).getOrDefault(benchmark, Map.of());
    }
  }

  private Accuracies() {}

  /**
   * avg@k from metrics; where a model has both a scores-derived and an external row, scores wins.
   */
  public static ByModel fromMetrics(Dataset<Row> metrics, Collection<String> models) {
    List<Row> rows =
        metrics
            .filter(
                col("model")
                    .isin(models.toArray())
                    .and(col("think_lang").isNull())
                    .and(col("lang").notEqual(lit(MetricsTable.ALL))))
            .select("model", "benchmark", "lang", "avg_at_k", "source")
            .collectAsList();
    ByModel out = new ByModel();
    for (Row r : rows) {
      if (!MetricsTable.SOURCE_SCORES.equals(r.getString(4))) {
        out.put(r.getString(0), r.getString(1), r.getString(2), r.getDouble(3));
      }
    }
    for (Row r : rows) {
      if (MetricsTable.SOURCE_SCORES.equals(r.getString(4))) {
        out.put(r.getString(0), r.getString(1), r.getString(2), r.getDouble(3));
      }
    }
    return out;
  }

  /** Per-problem accuracies c/n from scores (deduplicated by sample_key), for the given models. */
  public static PerProblem fromScores(Dataset<Row> scores, Collection<String> models) {
    Dataset<Row> selected =
        scores.filter(col("model").isin(models.toArray()).and(col("think_lang").isNull()));
    List<Row> rows =
        problemAccuracy(selected)
            .select("model", "benchmark", "lang", "problem_id", "acc")
            .collectAsList();
    PerProblem out = new PerProblem();
    for (Row r : rows) {
      out.computeIfAbsent(r.getString(0), m -> new TreeMap<>())
          .computeIfAbsent(r.getString(1), b -> new TreeMap<>())
          .computeIfAbsent(r.getString(2), l -> new TreeMap<>())
          .put(r.getString(3), r.getDouble(4));
    }
    return out;
  }

  /**
   * Per-problem accuracy only, {@code acc = c / n} over the deduplicated samples of each (model,
   * benchmark, lang, think_lang, problem_id): what {@code transfer} and {@code scaling-law} need,
   * without the sample vectors that {@code aggregate} builds.
   */
  public static Dataset<Row> problemAccuracy(Dataset<Row> scores) {
    return samples(scores, Map.of("correct", col("correct")))
        .groupBy(problemGroup())
        .agg(expr("avg(IF(correct, 1.0D, 0.0D))").as("acc"));
  }

  /**
   * One row per sample: the problem-group columns (model, benchmark, lang, think_lang, step,
   * problem_id; step is the trainer step of imported rollouts, null otherwise and in tables written
   * before it existed) and the given per-sample values, computed from the scores columns and taken
   * from one row of each sample_key of the group (a sample scored or imported twice counts once).
   *
   * <p>A sample_key names one sample of one problem group, so deduplicating it within the group is
   * deduplicating it: the rows are shuffled once, by group, and stay partitioned by it, so grouping
   * the result by {@link #problemGroup()} needs no second shuffle. Two groups whose prompts hash
   * alike (the same question text under two benchmarks) keep their own samples. Give numbers and
   * booleans as values: their {@code first()} is a hash aggregation, while a string value would
   * make Spark sort every row to deduplicate.
   */
  public static Dataset<Row> samples(Dataset<Row> scores, Map<String, Column> values) {
    List<Column> keep = new ArrayList<>();
    PROBLEM_GROUP.forEach(c -> keep.add(col(c)));
    keep.add(col("sample_key"));
    values.forEach((name, value) -> keep.add(value.as(name)));
    List<Column> key = new ArrayList<>(keep.subList(0, PROBLEM_GROUP.size() + 1));
    List<Column> firsts = new ArrayList<>();
    values.keySet().forEach(name -> firsts.add(first(col(name)).as(name)));
    List<Column> out = new ArrayList<>(keep.subList(0, PROBLEM_GROUP.size()));
    values.keySet().forEach(name -> out.add(col(name)));
    // Partition columns read back from Parquet may be inferred as numbers (a model called "2024").
    return Tables.withMissingColumns(scores, Tables.SCORES_SCHEMA)
        .withColumn("model", col("model").cast("string"))
        .withColumn("benchmark", col("benchmark").cast("string"))
        .withColumn("lang", col("lang").cast("string"))
        .select(keep.toArray(Column[]::new))
        .repartition(problemGroup())
        .groupBy(key.toArray(Column[]::new))
        .agg(firsts.get(0), firsts.subList(1, firsts.size()).toArray(Column[]::new))
        .select(out.toArray(Column[]::new));
  }

  /** The columns of one problem group, as {@link #samples} writes them. */
  public static Column[] problemGroup() {
    return PROBLEM_GROUP.stream().map(c -> col(c)).toArray(Column[]::new);
  }

  private static final List<String> PROBLEM_GROUP =
      List.of("model", "benchmark", "lang", "think_lang", "step", "problem_id");

  /** Problem ids present in every given (lang → problem → value) map for every given language. */
  public static Set<String> commonProblems(
      Collection<Map<String, Map<String, Double>>> perModel, Collection<String> langs) {
    Set<String> common = null;
    for (Map<String, Map<String, Double>> m : perModel) {
      for (String lang : langs) {
        Set<String> ids = m.getOrDefault(lang, Map.of()).keySet();
        if (common == null) {
          common = new TreeSet<>(ids);
        } else {
          common.retainAll(ids);
        }
      }
    }
    return common == null ? new TreeSet<>() : common;
  }

  /** The values of {@code problems} (sorted ids) from one language map, in that order. */
  public static double[] vector(Map<String, Double> byProblem, Set<String> problems) {
    return problems.stream().mapToDouble(byProblem::get).toArray();
  }

  /** Distinct values of a string column (e.g. the models of a table). */
  public static Set<String> distinct(Dataset<Row> data, String column) {
    Set<String> out = new TreeSet<>();
    data.select(column).distinct().collectAsList().forEach(r -> out.add(r.getString(0)));
    return out;
  }
}
