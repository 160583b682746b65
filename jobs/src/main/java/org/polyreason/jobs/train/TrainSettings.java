package org.polyreason.jobs.train;

import java.io.Serializable;
import java.util.List;
import org.polyreason.common.Languages;
import org.polyreason.config.ConfigLoader;
import org.polyreason.config.Settings;
import org.polyreason.inference.BlockGptConfig;

/**
 * Validated settings of the {@code train} job.
 *
 * @param name prefix of the model ids ({@code <name>-base}, {@code <name>-n<N>-s<seed>})
 * @param design the {@code parallel-data} design whose sets {@code <design>-n<N>} are the
 *     post-training data
 * @param stages {@code both}, {@code pretrain} or {@code post-train}
 * @param equationDrills extra bare equations in the pretraining mixture ({@link
 *     TrainingData#drills})
 * @param drillsPerDocument how many of them one pretraining document holds
 * @param drillSteps steps on the drill documents after the pretraining mixture
 * @param drillReplay fraction of the drill phase's documents drawn from the pretraining mixture (0
 *     = drills alone)
 * @param postTrainDrills drills added to every post-training set (loss on every token)
 * @param probeProblems test problems of the {@link TranslationProbe} (0 = no probe)
 * @param probeStages the stages whose models are probed ({@code pretrain}, {@code post-train})
 */
public record TrainSettings(
    String warehouse,
    String name,
    String benchmark,
    List<String> languages,
    String design,
    List<Integer> ns,
    List<Long> seeds,
    String stages,
    ModelShape model,
    Stage pretrain,
    int equationDrills,
    int drillsPerDocument,
    int drillSteps,
    double drillReplay,
    int postTrainDrills,
    Stage postTrain,
    double clipNorm,
    int progressSeconds,
    int probeProblems,
    List<String> probeStages)
    implements Serializable {

  static final String KEY = "polyreason.train";

  /** Architecture of the GPT (the vocabulary comes from the data). */
  public record ModelShape(
      int width, int layers, int heads, int context, BlockGptConfig.Positions positions)
      implements Serializable {

    /** The block model's hyper-parameters for a vocabulary and an initialisation seed. */
    public BlockGptConfig config(int vocabSize, long seed) {
      return new BlockGptConfig(vocabSize, context, width, layers, heads, seed, positions);
    }
  }

  /**
   * One training stage: steps × batch, Adam with linear warm-up then cosine decay to 10 %, on
   * {@code threads} PyTorch intra-op threads per task (1 = bit-identical reruns; {@link
   * TrainThreads}).
   */
  public record Stage(
      int steps, int batchSize, double learningRate, int warmupSteps, long seed, int threads)
      implements Serializable {

    /** The same stage with another number of steps (warm-up capped at it). */
    public Stage withSteps(int n) {
      return new Stage(n, batchSize, learningRate, Math.min(warmupSteps, n), seed, threads);
    }
  }

  /**
   * The shipped defaults ({@code reference.conf} alone, no environment or user layer): what a
   * benchmark of the default shape measures. No configuration type in the signature, so callers on
   * the application jar's classpath (typesafe-config relocated) can use it.
   */
  public static TrainSettings defaults() {
    return parse(new Settings(ConfigLoader.reference().resolve()));
  }

  public static TrainSettings parse(Settings s) {
    String name = s.nonEmptyString(KEY + ".name");
    if (!name.matches("[a-z0-9][a-z0-9_-]*")) {
      throw Settings.bad(KEY + ".name", name, "lower-case letters, digits, '_' or '-'");
    }
    List<String> langs = s.stringList(KEY + ".languages");
    if (langs.isEmpty()) {
      throw Settings.bad(KEY + ".languages", "[]", "a non-empty list of language codes");
    }
    Settings.requireAllIn(KEY + ".languages", langs, Languages.codes());
    List<Integer> ns = s.stringList(KEY + ".n").stream().map(TrainSettings::parseN).toList();
    List<Long> seeds = s.stringList(KEY + ".seeds").stream().map(TrainSettings::parseSeed).toList();
    if (ns.isEmpty() || seeds.isEmpty()) {
      throw Settings.bad(KEY + (ns.isEmpty() ? ".n" : ".seeds"), "[]", "a non-empty list");
    }
    String m = KEY + ".model.";
    int width = s.intInRange(m + "width", 4, 4096);
    int heads = s.intInRange(m + "heads", 1, 64);
    if (width % heads != 0) {
      throw Settings.bad(
          m + "width", Integer.toString(width), "a multiple of " + m + "heads (" + heads + ")");
    }
    BlockGptConfig.Positions positions =
        BlockGptConfig.Positions.of(s.oneOf(m + "positions", BlockGptConfig.Positions.ids()))
            .orElseThrow();
    if (!positions.allowsHeadDim(width / heads)) {
      throw Settings.bad(
          m + "heads",
          Integer.toString(heads),
          "a divisor of "
              + m
              + "width ("
              + width
              + ") leaving an even head width, for "
              + positions.id());
    }
    ModelShape shape =
        new ModelShape(
            width,
            s.intInRange(m + "layers", 1, 64),
            heads,
            s.intInRange(m + "context", 16, 8192),
            positions);
    String p = KEY + ".post-train";
    return new TrainSettings(
        s.nonEmptyString("polyreason.warehouse"),
        name,
        s.nonEmptyString(KEY + ".benchmark"),
        langs,
        s.oneOf(p + ".design", List.of("fixed-budget", "fixed-problems")),
        List.copyOf(ns),
        List.copyOf(seeds),
        s.oneOf(KEY + ".stages", List.of("both", "pretrain", "post-train")),
        shape,
        stage(s, KEY + ".pretrain", true),
        s.intInRange(KEY + ".pretrain.equation-drills", 0, 100_000_000),
        s.intInRange(KEY + ".pretrain.drills-per-document", 1, 1000),
        s.intInRange(KEY + ".pretrain.drill-steps", 0, 10_000_000),
        s.doubleInRange(KEY + ".pretrain.drill-replay", 0.0, 0.9),
        s.intInRange(KEY + ".post-train.equation-drills", 0, 100_000_000),
        stage(s, p, false),
        s.doubleInRange(KEY + ".clip-norm", 0.0, 1e6),
        s.intInRange(KEY + ".progress-seconds", 1, 3600),
        s.intInRange(KEY + ".probe.problems", 0, 1_000_000),
        probeStages(s));
  }

  private static List<String> probeStages(Settings s) {
    List<String> stages = s.stringList(KEY + ".probe.stages");
    Settings.requireAllIn(KEY + ".probe.stages", stages, List.of("pretrain", "post-train"));
    return List.copyOf(stages);
  }

  private static Stage stage(Settings s, String k, boolean withSeed) {
    return new Stage(
        s.intInRange(k + ".steps", 1, 10_000_000),
        s.intInRange(k + ".batch-size", 1, 4096),
        s.doubleInRange(k + ".learning-rate", 1e-9, 10.0),
        s.intInRange(k + ".warmup-steps", 0, 10_000_000),
        withSeed ? s.longInRange(k + ".seed", Long.MIN_VALUE, Long.MAX_VALUE) : 0L,
        s.intInRange(k + ".threads", 1, 256));
  }

  private static int parseN(String v) {
    try {
      int n = Integer.parseInt(v.strip());
      if (n >= 1 && n <= Languages.codes().size()) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw Settings.bad(
        KEY + ".n",
        v,
        "integers in [1, "
            + Languages.codes().size()
            + "]: the sets <design>-n<N> of parallel-data to post-train on");
  }

  private static long parseSeed(String v) {
    try {
      return Long.parseLong(v.strip());
    } catch (NumberFormatException e) {
      throw Settings.bad(KEY + ".seeds", v, "integers");
    }
  }

  public String baseId() {
    return name + "-base";
  }

  public static String modelId(String name, int n, long seed) {
    return name + "-n" + n + "-s" + seed;
  }
}
