package org.polyreason.bench;

import ai.djl.Device;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.polyreason.cli.Main;
import org.polyreason.inference.BatchGenerator;
import org.polyreason.inference.ChatTemplate;
import org.polyreason.inference.GenerationRequest;
import org.polyreason.inference.ModelRegistry;
import org.polyreason.inference.ModelSpec;
import org.polyreason.inference.SamplingParams;

/**
 * Overhead of the {@code generate} job over a plain generation loop: the same samples (MGSM prompts
 * of the tiny ONNX model, sampled) generated (a) by BatchGenerator in a loop in this JVM and (b) by
 * the generate job on a local Spark session in this JVM (ingest excluded, model load included in
 * both). Prints both wall times and their ratio. Usage: {@code GenerateOverheadBenchmark
 * <sharedDir> <workDir> [languages=4] [problemsPerLanguage=125] [samples=2] [master=local[1]]} —
 * the defaults give 1,000 samples.
 */
public final class GenerateOverheadBenchmark {
  private GenerateOverheadBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path shared = Path.of(args[0]).toAbsolutePath();
    Path work = Files.createDirectories(Path.of(args[1]).toAbsolutePath());
    int langs = args.length > 2 ? Integer.parseInt(args[2]) : 4;
    int perLang = args.length > 3 ? Integer.parseInt(args[3]) : 125;
    int samples = args.length > 4 ? Integer.parseInt(args[4]) : 2;
    String master = args.length > 5 ? args[5] : "local[1]";
    int maxNew = 16;
    int batch = 16;
    Path model = shared.resolve("models/tiny-random-llama-onnx-fp16");
    List<String> languages =
        List.of("en", "de", "fr", "es", "ru", "zh", "ja", "th", "sw", "bn", "te").subList(0, langs);
    PrintStream out = System.out;
    SparkSession spark =
        SparkSession.builder()
            .master(master)
            .appName("generate-overhead")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "4")
            .getOrCreate();
    String wh = work.resolve("warehouse").toString();
    String[] common = {
      "--set",
      "polyreason.warehouse=" + wh,
      "--set",
      "polyreason.data-root=" + shared.resolve("data/benchmarks")
    };
    run(
        out,
        concat(
            new String[] {"ingest"},
            common,
            "--set",
            "polyreason.ingest.benchmarks=[mgsm]",
            "--set",
            "polyreason.ingest.languages=" + languages));

    // (a) plain loop: the same prompts, the same generator, one JVM, no Spark.
    List<Row> problems =
        spark
            .read()
            .parquet(wh + "/problems")
            .filter(org.apache.spark.sql.functions.col("lang").isin(languages.toArray()))
            .orderBy("lang", "source_line")
            .collectAsList();
    ModelSpec spec = new ModelSpec("tiny", model, ModelSpec.ONNX, model, "chatml", null, 0, null);
    long t0 = System.nanoTime();
    var loaded = ModelRegistry.loaded(spec, Device.cpu());
    List<GenerationRequest> requests = new ArrayList<>();
    Map<String, Integer> taken = new java.util.HashMap<>();
    for (Row p : problems) {
      if (taken.merge(p.<String>getAs("lang"), 1, Integer::sum) > perLang) {
        continue;
      }
      String prompt =
          ChatTemplate.CHATML.render(
              null,
              p.<String>getAs("question")
                  + "\nPlease reason step by step, and put your final answer within \\boxed{}.",
              null);
      long[] ids = loaded.prompts().encode(prompt);
      for (int s = 0; s < samples; s++) {
        requests.add(
            new GenerationRequest(
                p.getAs("problem_id") + "/" + p.getAs("lang") + "#" + s,
                ids,
                maxNew,
                new SamplingParams(0.8, 0, 0.95),
                1234,
                loaded.prompts().stopStrings()));
      }
    }
    var results = new BatchGenerator(loaded.lm(), loaded.prompts(), batch).generate(requests);
    double loop = (System.nanoTime() - t0) / 1e9;
    long tokens = results.stream().mapToLong(r -> r.completionTokens()).sum();
    ModelRegistry.closeAll();

    // (b) the generate job on the same problems (the model is loaded again by the job's executor).
    long t1 = System.nanoTime();
    run(
        out,
        concat(
            new String[] {"generate"},
            common,
            "--set",
            "polyreason.models.tiny.path=" + model,
            "--set",
            "polyreason.models.tiny.template=chatml",
            "--set",
            "polyreason.generate.models=[tiny]",
            "--set",
            "polyreason.generate.languages=" + languages,
            "--set",
            "polyreason.generate.limit-per-language=" + perLang,
            "--set",
            "polyreason.generate.samples=" + samples,
            "--set",
            "polyreason.generate.max-new-tokens=" + maxNew,
            "--set",
            "polyreason.generate.temperature=0.8",
            "--set",
            "polyreason.generate.top-p=0.95",
            "--set",
            "polyreason.generate.batch-size=" + batch));
    double job = (System.nanoTime() - t1) / 1e9;
    long jobRows = spark.read().parquet(wh + "/generations").count();
    out.printf(
        Locale.ROOT,
        "samples: loop %d, job %d; completion tokens (loop) %d; master %s%n",
        requests.size(),
        jobRows,
        tokens,
        master);
    out.printf(Locale.ROOT, "plain loop: %.2f s (%.0f samples/s)%n", loop, requests.size() / loop);
    out.printf(Locale.ROOT, "generate job: %.2f s (%.0f samples/s)%n", job, jobRows / job);
    out.printf(Locale.ROOT, "overhead (job / loop): %.2fx%n", job / loop);
    spark.stop();
  }

  private static void run(PrintStream out, String[] args) {
    int code = Main.run(args, out, System.err);
    if (code != 0) {
      throw new IllegalStateException("polyreason " + args[0] + " exited " + code);
    }
  }

  private static String[] concat(String[] a, String[] b, String... c) {
    List<String> all = new ArrayList<>(List.of(a));
    all.addAll(List.of(b));
    all.addAll(List.of(c));
    return all.toArray(String[]::new);
  }
}
