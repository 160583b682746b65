package org.polyreason.jobs.generate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sequence;

import java.util.Map;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.polyreason.core.SampleKey;
import org.polyreason.core.Tables;
import org.polyreason.inference.ChatTemplate;
import org.polyreason.inference.ReasoningLanguages;

/** Pure transforms of the generate job: the requested samples and their keys (no IO, no model). */
public final class GenerateTransforms {
  private GenerateTransforms() {}

  /** One requested sample, before generation. */
  public static final StructType REQUEST_SCHEMA =
      new StructType()
          .add("sample_key", DataTypes.StringType, false)
          .add("model", DataTypes.StringType, false)
          .add("benchmark", DataTypes.StringType, false)
          .add("lang", DataTypes.StringType, false)
          .add("problem_id", DataTypes.StringType, false)
          .add("think_lang", DataTypes.StringType, true)
          .add("sample_idx", DataTypes.IntegerType, false)
          .add("prompt", DataTypes.StringType, false)
          .add("group_id", DataTypes.StringType, true);

  /**
   * Problems selected by benchmark, subset, language and the per-language limit (first N in file
   * order).
   */
  public static Dataset<Row> selectProblems(Dataset<Row> problems, GenerateSettings s) {
    Dataset<Row> p = problems;
    if (!s.benchmarks().isEmpty()) {
      p = p.filter(col("benchmark").isin(s.benchmarks().toArray()));
    }
    if (!s.subsets().isEmpty()) {
      p = p.filter(col("subset").isin(s.subsets().toArray()));
    }
    if (!s.languages().isEmpty()) {
      p = p.filter(col("lang").isin(s.languages().toArray()));
    }
    if (s.limitPerLanguage() > 0) {
      var w = Window.partitionBy("benchmark", "lang").orderBy("source_file", "source_line");
      p =
          p.withColumn("rn", row_number().over(w))
              .filter(col("rn").leq(s.limitPerLanguage()))
              .drop("rn");
    }
    return p;
  }

  /**
   * Requests = problems × think-languages × samples for one model, each with its rendered prompt
   * and sample_key. {@code none} = not forced, {@code same} = the question's language.
   */
  public static Dataset<Row> requests(
      Dataset<Row> problems, GenerateSettings s, ModelSettings m, String revision) {
    Dataset<Row> x = problems.select("benchmark", "lang", "problem_id", "question");
    Dataset<Row> withThink = null;
    for (String t : s.thinkLanguages()) {
      var think =
          switch (t) {
            case GenerateSettings.NONE -> lit(null).cast("string");
            case GenerateSettings.SAME -> col("lang");
            default -> lit(t);
          };
      Dataset<Row> one = x.withColumn("think_lang", think);
      withThink = withThink == null ? one : withThink.unionByName(one);
    }
    Dataset<Row> expanded =
        withThink
            .withColumn("sample_idx", explode(sequence(lit(0), lit(s.samples() - 1))))
            .dropDuplicates("benchmark", "lang", "problem_id", "think_lang", "sample_idx");
    String template = m.template();
    String system = s.system().isBlank() ? null : s.system();
    String userTemplate = s.userTemplate();
    String model = m.id();
    double temperature = s.temperature();
    double topP = s.topP();
    int topK = s.topK();
    int maxNew = s.maxNewTokens();
    long seed = s.seed();
    boolean grouped = s.groupSize() > 0;
    MapFunction<Row, Row> toRequest =
        r -> {
          String think = r.getAs("think_lang");
          String user = userTemplate.replace("{question}", r.<String>getAs("question"));
          String forcing =
              think == null ? null : ReasoningLanguages.withOverrides(Map.of()).sentence(think);
          String prompt = ChatTemplate.parse(template).render(system, user, forcing);
          int idx = r.<Integer>getAs("sample_idx");
          String key =
              SampleKey.of(
                  model, revision, template, prompt, temperature, topP, topK, maxNew, idx, seed);
          // The group's id is the key of sample index -1: shared by the k samples of one (problem,
          // lang,
          // think_lang, model, sampling), equal to no sample's key, and as stable as the keys
          // themselves.
          String group =
              grouped
                  ? SampleKey.of(
                      model, revision, template, prompt, temperature, topP, topK, maxNew, -1, seed)
                  : null;
          return RowFactory.create(
              key,
              model,
              r.getAs("benchmark"),
              r.getAs("lang"),
              r.getAs("problem_id"),
              think,
              idx,
              prompt,
              group);
        };
    return expanded.map(toRequest, Encoders.row(REQUEST_SCHEMA));
  }

  /**
   * Requests whose key has no usable generation yet (rows with finish_reason = error are retried).
   */
  public static Dataset<Row> missing(Dataset<Row> requests, Dataset<Row> generations) {
    Dataset<Row> done =
        generations.filter(col("finish_reason").notEqual("error")).select("sample_key");
    return Tables.GENERATIONS.notIn(requests, done);
  }
}
