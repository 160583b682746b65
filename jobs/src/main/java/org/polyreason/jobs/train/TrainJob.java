package org.polyreason.jobs.train;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.polyreason.common.UserException;
import org.polyreason.config.Settings;
import org.polyreason.core.DriverRows;
import org.polyreason.core.Job;
import org.polyreason.core.JobResult;
import org.polyreason.core.RunContext;
import org.polyreason.core.Table;
import org.polyreason.core.Tables;
import org.polyreason.inference.ModelSpec;
import org.polyreason.inference.ModelStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code train}: a small GPT (DJL blocks, PyTorch engine) pretrained on a mixture without solved
 * problems (the train split of a benchmark), then post-trained per (N, seed) on the {@code
 * parallel-data} set of that N (a fixed budget of M examples in N languages). Every model trains in
 * its own Spark task; models go to the warehouse's model store ({@code <warehouse>/models/<id>/},
 * usable by {@code generate} by id), their loss per step to {@code training_curves} and one row
 * each to {@code models}.
 */
public final class TrainJob implements Job<TrainSettings> {
  private static final Logger LOG = LoggerFactory.getLogger(TrainJob.class);
  static final String PRETRAIN = "pretrain";
  static final String POST_TRAIN = "post-train";
  public static final String CURVES = Tables.TRAINING_CURVES.name();
  public static final String MODELS = Tables.TRAINED_MODELS.name();
  public static final String PROBES = Tables.TRANSLATION_PROBES.name();

  static final StructType PLAN =
      new StructType()
          .add("model_id", DataTypes.StringType, false)
          .add("stage", DataTypes.StringType, false)
          .add("base_model", DataTypes.StringType, true)
          .add("n", DataTypes.IntegerType, false)
          .add("seed", DataTypes.LongType, false)
          .add("train_languages", DataTypes.createArrayType(DataTypes.StringType), false);

  static final StructType CURVE_SCHEMA = Tables.TRAINING_CURVES.schema();
  static final StructType MODELS_SCHEMA = Tables.TRAINED_MODELS.schema();
  static final StructType PROBES_SCHEMA = Tables.TRANSLATION_PROBES.schema();

  @Override
  public String name() {
    return "train";
  }

  @Override
  public String description() {
    return "problems (train split), training_sets -> GPT pretrain + post-train per (N, seed) ->"
        + " model store, "
        + CURVES
        + ", "
        + MODELS
        + ", "
        + PROBES;
  }

  @Override
  public List<Table> reads() {
    return List.of(Tables.PROBLEMS, Tables.TRAINING_SETS);
  }

  @Override
  public List<Table> writes() {
    return List.of(Tables.TRAINING_CURVES, Tables.TRAINED_MODELS, Tables.TRANSLATION_PROBES);
  }

  @Override
  public TrainSettings parse(Settings settings) {
    TrainSettings s = TrainSettings.parse(settings);
    if (ModelStore.root(s.warehouse()).isEmpty()) {
      throw Settings.bad(
          "polyreason.warehouse",
          s.warehouse(),
          "a local path, a file: URI or a mounted folder (the train job's model store is a plain"
              + " folder <warehouse>/models/)");
    }
    return s;
  }

  @Override
  public JobResult run(SparkSession spark, TrainSettings settings, RunContext ctx) {
    Path store = ModelStore.root(ctx.warehouse().root()).orElseThrow();
    boolean pretrain = !settings.stages().equals(POST_TRAIN);
    boolean postTrain = !settings.stages().equals(PRETRAIN);
    List<TrainingData.Row> rows =
        pretrain
            ? TrainingSetReader.pretraining(
                ctx.warehouse(), settings.benchmark(), settings.languages())
            : List.of();
    List<TrainingData.Problem> problems = TrainingData.align(rows);
    Map<Integer, List<TrainingData.Row>> sets =
        postTrain
            ? TrainingSetReader.postTraining(ctx.warehouse(), settings.design(), settings.ns())
            : Map.of();
    CharVocab vocab =
        pretrain
            ? CharVocab.of(rows.stream().flatMap(r -> Stream.of(r.question(), r.worked())).toList())
            : baseVocab(store, settings);
    LOG.info(
        "train: {} pretraining problems ({} rows), vocabulary of {} symbols; post-training sets {}",
        problems.size(),
        rows.size(),
        vocab.size(),
        sets.entrySet().stream()
            .map(
                e ->
                    settings.design()
                        + "-n"
                        + e.getKey()
                        + " ("
                        + e.getValue().size()
                        + " rows, "
                        + TrainingData.languages(e.getValue())
                        + ")")
            .toList());
    boolean probed =
        pretrain && settings.probeStages().contains(PRETRAIN)
            || postTrain && settings.probeStages().contains(POST_TRAIN);
    List<TranslationProbe.Item> probe = probed ? probeItems(ctx, settings, vocab) : List.of();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<TrainTask.Inputs> inputs =
        jsc.broadcast(new TrainTask.Inputs(problems, sets, vocab, probe));
    TrainTask task = new TrainTask(settings, inputs, store.toString(), ctx.runId());
    List<Row> results = new ArrayList<>();
    List<Row> plan = new ArrayList<>();
    if (pretrain) {
      List<Row> pre =
          List.of(
              RowFactory.create(
                  settings.baseId(),
                  PRETRAIN,
                  null,
                  0,
                  settings.pretrain().seed(),
                  settings.languages().toArray(String[]::new)));
      results.addAll(runPlan(spark, jsc, pre, task));
      plan.addAll(pre);
    }
    if (postTrain) {
      List<Row> post = new ArrayList<>();
      for (int n : settings.ns()) {
        for (long seed : settings.seeds()) {
          post.add(
              RowFactory.create(
                  TrainSettings.modelId(settings.name(), n, seed),
                  POST_TRAIN,
                  settings.baseId(),
                  n,
                  seed,
                  TrainingData.languages(sets.get(n)).toArray(String[]::new)));
        }
      }
      results.addAll(runPlan(spark, jsc, post, task));
      plan.addAll(post);
    }
    inputs.destroy();
    List<Row> curves =
        results.stream().filter(r -> !r.isNullAt(0)).map(r -> r.getStruct(0)).toList();
    List<Row> probes =
        results.stream().filter(r -> !r.isNullAt(1)).map(r -> r.getStruct(1)).toList();
    List<String> ids = plan.stream().map(r -> r.getString(0)).toList();
    replaceRows(ctx, CURVES, CURVE_SCHEMA, DriverRows.of(spark, curves, CURVE_SCHEMA), ids);
    // always: a retrained model's earlier probe rows go, also when this run does not probe it
    replaceRows(ctx, PROBES, PROBES_SCHEMA, DriverRows.of(spark, probes, PROBES_SCHEMA), ids);
    replaceRows(
        ctx,
        MODELS,
        MODELS_SCHEMA,
        spark.createDataFrame(
            summaries(plan, curves, store, settings, vocab, ctx.runId()), MODELS_SCHEMA),
        ids);
    return new JobResult()
        .count("input_rows", rows.size() + sets.values().stream().mapToInt(List::size).sum())
        .count("models", plan.size())
        .count("output_rows", curves.size())
        .count("probe_rows", probes.size());
  }

  /**
   * The translation probe's items: the first {@code probe.problems} test problems of the benchmark
   * whose English question has an operation partner, in every language of the run but English.
   */
  private static List<TranslationProbe.Item> probeItems(
      RunContext ctx, TrainSettings settings, CharVocab vocab) {
    if (settings.probeProblems() == 0) {
      return List.of();
    }
    List<TranslationProbe.Item> items =
        TranslationProbe.items(
            TrainingSetReader.testQuestions(
                ctx.warehouse(), settings.benchmark(), settings.languages()),
            settings.languages(),
            settings.probeProblems(),
            vocab,
            settings.model().context());
    if (items.isEmpty()) {
      LOG.warn(
          "train: no translation probe: the test split of {} has no English question with an"
              + " operation partner in {} (the probe needs the synthetic benchmark)",
          settings.benchmark(),
          settings.languages());
    } else {
      LOG.info(
          "train: translation probe of {} items ({} problems x {} languages x 2 probes) per probed"
              + " model (stages {})",
          items.size(),
          items.stream().map(TranslationProbe.Item::problemId).distinct().count(),
          items.stream().map(TranslationProbe.Item::lang).distinct().count(),
          settings.probeStages());
    }
    return items;
  }

  private static List<Row> runPlan(
      SparkSession spark, JavaSparkContext jsc, List<Row> plan, TrainTask task) {
    LOG.info(
        "train: {} model(s) in {} Spark task(s): {}",
        plan.size(),
        plan.size(),
        plan.stream().map(r -> r.getString(0)).toList());
    return spark
        .createDataFrame(jsc.parallelize(plan, plan.size()), PLAN)
        .mapPartitions(task, Encoders.row(TrainTask.OUTPUT))
        .collectAsList();
  }

  /** Replaces the rows of {@code ids} in {@code table}, keeping every other model's rows. */
  private static void replaceRows(
      RunContext ctx, String table, StructType schema, Dataset<Row> rows, List<String> ids) {
    Dataset<Row> kept =
        ctx.warehouse()
            .readOrEmpty(table, schema)
            .filter(functions.not(functions.col("model_id").isin(ids.toArray())));
    // the old files are read while the new table is written to staging, before they move away;
    // one file, by a shuffle: coalesce(1) would put every slice of the driver's rows in one task
    ctx.warehouse().replace(kept.unionByName(rows).repartition(1), table, ctx.runId());
  }

  private static List<Row> summaries(
      List<Row> plan,
      List<Row> curves,
      Path store,
      TrainSettings s,
      CharVocab vocab,
      String runId) {
    Map<String, Row> last = new LinkedHashMap<>();
    for (Row c : curves) {
      last.merge(c.getString(0), c, (a, b) -> a.getInt(2) >= b.getInt(2) ? a : b);
    }
    TrainSettings.ModelShape m = s.model();
    long params = m.config(vocab.size(), 0).parameterCount();
    Timestamp now = Timestamp.from(Instant.now());
    List<Row> out = new ArrayList<>();
    for (Row p : plan) {
      Row c = last.get(p.getString(0));
      TrainSettings.Stage stage = p.getString(1).equals(PRETRAIN) ? s.pretrain() : s.postTrain();
      out.add(
          RowFactory.create(
              p.getString(0),
              p.getString(1),
              p.getString(2),
              p.getInt(3),
              p.getLong(4),
              p.get(5),
              store.resolve(p.getString(0)).toString(),
              ModelSpec.BLOCK,
              params,
              stage.steps(),
              stage.batchSize(),
              c.getLong(5),
              c.getDouble(3),
              c.getDouble(6),
              runId,
              now));
    }
    return out;
  }

  private static CharVocab baseVocab(Path store, TrainSettings s) {
    Path base = store.resolve(s.baseId());
    if (!java.nio.file.Files.isRegularFile(base.resolve(s.baseId() + ".properties"))) {
      throw new UserException(
          "polyreason.train.stages = post-train needs the pretrained model "
              + s.baseId()
              + " in "
              + store
              + "; run with stages = both or pretrain first");
    }
    return CharVocab.read(base);
  }
}
