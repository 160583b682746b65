package org.polyreason.jobs.importer;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.io.BufferedReader;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import org.polyreason.common.TextFiles;
import org.polyreason.common.UserException;
import org.polyreason.config.Settings;
import org.polyreason.core.Job;
import org.polyreason.core.JobResult;
import org.polyreason.core.RunContext;
import org.polyreason.core.Table;
import org.polyreason.core.Tables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code import}: external model outputs → {@code generations} (engine = import). Files are parsed
 * on executors, one task per file; records are matched to {@code problems} by problem id or by the
 * exact (whitespace-normalised) question text; rows whose sample_key is already stored are skipped,
 * so an import can be rerun safely.
 */
public final class ImportJob implements Job<ImportSettings> {
  private static final Logger LOG = LoggerFactory.getLogger(ImportJob.class);

  static final StructType RECORD_SCHEMA =
      new StructType()
          .add("source_file", DataTypes.StringType, false)
          .add("source_line", DataTypes.LongType, false)
          .add("file_lang", DataTypes.StringType, true)
          .add("rec_lang", DataTypes.StringType, true)
          .add("rec_problem_id", DataTypes.StringType, true)
          .add("rec_question", DataTypes.StringType, true)
          .add("prompt", DataTypes.StringType, true)
          .add("text", DataTypes.StringType, true)
          .add("sample_idx", DataTypes.IntegerType, false)
          .add("rec_think_lang", DataTypes.StringType, true)
          .add("parse_error", DataTypes.StringType, true)
          .add("rec_step", DataTypes.LongType, true)
          .add("rec_answer", DataTypes.StringType, true);

  @Override
  public String name() {
    return "import";
  }

  @Override
  public String description() {
    return "external model outputs (mcot, s1, lm-eval, jsonl, verl-rollouts, verl-generation) -> generations";
  }

  @Override
  public List<Table> reads() {
    return List.of(Tables.PROBLEMS, Tables.GENERATIONS);
  }

  @Override
  public List<Table> writes() {
    return List.of(Tables.GENERATIONS);
  }

  @Override
  public List<String> sourceKeys() {
    return List.of("polyreason.import.path");
  }

  @Override
  public ImportSettings parse(Settings settings) {
    return ImportSettings.parse(settings);
  }

  @Override
  public JobResult run(SparkSession spark, ImportSettings s, RunContext ctx) {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    List<String> files = ImportFiles.expand(s.path(), hadoop);
    LOG.info("import {}: {} file(s) from {}", s.format(), files.size(), s.path());
    LongAccumulator replaced = spark.sparkContext().longAccumulator("invalid_utf8_replaced");
    Dataset<Row> records = parseFiles(spark, files, s, replaced).cache();
    long total = records.count();
    List<Row> fatal = records.filter(col("parse_error").startsWith(FATAL)).limit(1).collectAsList();
    if (!fatal.isEmpty()) {
      records.unpersist();
      throw new UserException(fatal.get(0).getString(10).substring(FATAL.length()));
    }
    if (replaced.value() > 0) {
      LOG.warn(
          "import: {} invalid UTF-8 sequences stored as U+FFFD (polyreason.import.encoding-errors = replace)",
          replaced.value());
    }
    Dataset<Row> bad = records.filter(col("parse_error").isNotNull());
    long badCount = bad.count();
    if (badCount > 0) {
      List<String> examples =
          bad.orderBy("source_file", "source_line").limit(3).collectAsList().stream()
              .map(
                  r ->
                      r.<String>getAs("source_file")
                          + ":"
                          + r.<Long>getAs("source_line")
                          + " "
                          + r.<String>getAs("parse_error"))
              .toList();
      String msg =
          badCount
              + " of "
              + total
              + " import lines are malformed, e.g. "
              + String.join("; ", examples);
      if (badCount > s.maxBadFraction() * total) {
        throw new UserException(
            msg
                + " (allowed share polyreason.import.max-bad-fraction = "
                + s.maxBadFraction()
                + ")");
      }
      LOG.warn("{}; skipping them", msg);
    }
    Dataset<Row> good =
        records
            .filter(col("parse_error").isNull())
            .withColumn("lang", functionsCoalesce(col("rec_lang"), col("file_lang"), s.language()));
    boolean verl = s.format().startsWith("verl-");
    if (!verl) {
      checkLanguages(good, s); // verl records get their language from the problem they match
    }

    ctx.warehouse()
        .hold(Tables.GENERATIONS); // stored keys are skipped: read and appended under one lock
    if (!ctx.warehouse().exists(Tables.PROBLEMS)) {
      throw new UserException(
          "Table problems does not exist in " + ctx.warehouse().root() + "; run ingest first");
    }
    Dataset<Row> problems =
        ctx.warehouse().read(Tables.PROBLEMS).filter(col("benchmark").equalTo(s.benchmark()));
    if (problems.isEmpty()) {
      throw new UserException(
          "Benchmark "
              + s.benchmark()
              + " (polyreason.import.benchmark) is not in the problems table; "
              + "ingest it first");
    }
    Dataset<Row> matched =
        (verl ? ImportTransforms.matchVerl(good, problems) : ImportTransforms.match(good, problems))
            .cache();
    long matchedCount = matched.filter(col("problem_id").isNotNull()).count();
    long unmatched = good.count() - matchedCount;
    long ambiguous = matched.filter(col("match_issue").equalTo(ImportTransforms.AMBIGUOUS)).count();
    if (unmatched > 0) {
      List<String> examples =
          matched
              .filter(col("problem_id").isNull())
              .orderBy("source_file", "source_line")
              .limit(5)
              .collectAsList()
              .stream()
              .map(
                  r ->
                      r.<String>getAs("source_file")
                          + ":"
                          + r.<Long>getAs("source_line")
                          + (r.getAs("match_issue") != null
                              ? " (" + r.getAs("match_issue") + ")"
                              : ""))
              .toList();
      String msg =
          unmatched
              + " imported records match no "
              + s.benchmark()
              + " problem (by id or question text)"
              + (ambiguous > 0
                  ? ", "
                      + ambiguous
                      + " of them ambiguous (their question text belongs to several "
                      + "problems and the file carries no problem id and is not aligned with the benchmark)"
                  : "")
              + ", e.g. "
              + String.join(", ", examples);
      if (s.unmatchedIsError()) {
        throw new UserException(msg + " (polyreason.import.unmatched = error)");
      }
      LOG.warn("{}", msg);
    }
    Dataset<Row> generations =
        ImportTransforms.toGenerations(
            matched.filter(col("problem_id").isNotNull()), s, ctx.runId());
    Dataset<Row> existing = ctx.warehouse().readOrEmpty(Tables.GENERATIONS).select("sample_key");
    Dataset<Row> fresh =
        Tables.GENERATIONS.notIn(generations, existing).dropDuplicates("sample_key").cache();
    long freshCount = fresh.count();
    if (freshCount > 0) {
      ctx.warehouse()
          .append(
              fresh.repartition(col("model"), col("benchmark"), col("lang")), Tables.GENERATIONS);
    }
    LOG.info(
        "import: {} records, {} malformed, {} matched, {} unmatched, {} new generations ({} already stored)",
        total,
        badCount,
        matchedCount,
        unmatched,
        freshCount,
        matchedCount - freshCount);
    records.unpersist();
    return new JobResult()
        .count("input_files", files.size())
        .count("input_records", total)
        .count("malformed", badCount)
        .count("matched", matchedCount)
        .count("unmatched", unmatched)
        .count("ambiguous", ambiguous)
        .count("output_rows", freshCount)
        .count("already_stored", matchedCount - freshCount)
        .count("invalid_utf8_replaced", replaced.value());
  }

  private static Column functionsCoalesce(Column a, Column b, String dflt) {
    return org.apache.spark.sql.functions.coalesce(
        a, b, dflt.isEmpty() ? lit(null).cast("string") : lit(dflt));
  }

  private static void checkLanguages(Dataset<Row> good, ImportSettings s) {
    List<Row> missing = good.filter(col("lang").isNull()).limit(1).collectAsList();
    if (!missing.isEmpty()) {
      throw new UserException(
          "Cannot tell the question language of "
              + missing.get(0).<String>getAs("source_file")
              + ":"
              + missing.get(0).<Long>getAs("source_line")
              + ": neither the record nor the file name carries it; "
              + "set polyreason.import.language");
    }
    List<Row> langs = good.select("lang").distinct().collectAsList();
    for (Row r : langs) {
      org.polyreason.common.Languages.require(r.getString(0), "import records of " + s.path());
    }
  }

  static Dataset<Row> parseFiles(
      SparkSession spark, List<String> files, ImportSettings s, LongAccumulator replaced) {
    boolean parquetFormat = s.format().equals("verl-generation");
    List<String> own = files.stream().filter(f -> f.endsWith(".parquet") == parquetFormat).toList();
    if (own.isEmpty()) {
      throw new UserException(
          "Import path "
              + s.path()
              + " (polyreason.import.path) holds no "
              + (parquetFormat ? ".parquet file" : ".json, .jsonl or .csv file")
              + " for format "
              + s.format());
    }
    if (parquetFormat) {
      return VerlFormats.generationRecords(spark, own);
    }
    files = own;
    ImportFormat format = Formats.of(s.format(), s.fields());
    boolean strict = s.strictEncoding();
    JavaRDD<Row> rows =
        JavaSparkContext.fromSparkContext(spark.sparkContext())
            .parallelize(files, Math.max(1, files.size()))
            .flatMap(file -> readFile(file, format, strict, replaced).iterator());
    return spark.createDataFrame(rows, RECORD_SCHEMA);
  }

  /**
   * Runs on an executor: streams one file through the format's parser. A damaged file (bad gzip
   * data, invalid UTF-8 under encoding-errors = error) becomes one {@link #FATAL} row that the
   * driver turns into the error, so that no task fails (a failed task would retry and log a stack
   * trace).
   */
  static List<Row> readFile(
      String file, ImportFormat format, boolean strict, LongAccumulator replaced)
      throws java.io.IOException {
    Path p = new Path(file);
    List<Row> out = new ArrayList<>();
    String fileLang = ImportFiles.languageOf(file);
    try (TextFiles.Utf8Reader decoded =
            TextFiles.open(p.getFileSystem(new Configuration()).open(p), file, strict);
        BufferedReader r = new BufferedReader(decoded, 1 << 16)) {
      format.parse(
          file,
          r,
          rec ->
              out.add(
                  RowFactory.create(
                      file,
                      rec.sourceLine(),
                      fileLang,
                      rec.lang(),
                      rec.problemId(),
                      rec.question(),
                      rec.prompt(),
                      rec.text(),
                      rec.sampleIdx(),
                      rec.thinkLang(),
                      rec.parseError(),
                      rec.step(),
                      rec.answer())));
      if (replaced != null) {
        replaced.add(decoded.replaced());
      }
    } catch (UserException e) {
      String hint =
          e.getMessage().contains("UTF-8")
              ? " (polyreason.import.encoding-errors = error; set it to replace to store U+FFFD instead)"
              : "";
      out.clear();
      out.add(
          RowFactory.create(
              file,
              0L,
              null,
              null,
              null,
              null,
              null,
              null,
              0,
              null,
              FATAL + e.getMessage() + hint,
              null,
              null));
    }
    return out;
  }

  /** Prefix of the parse_error of a row that stands for a damaged file (exit 2). */
  static final String FATAL = "fatal: ";
}
