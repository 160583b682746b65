package org.polyreason.inference;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Hyper-parameters of {@link BlockGptModel}, saved beside its parameters as {@code
 * <name>.properties}: DJL's {@code .params} file holds tensors only, so the architecture must be
 * stored separately to rebuild the block before loading them.
 *
 * @param vocabSize token ids are in {@code [0, vocabSize)}
 * @param maxContext longest sequence (size of the learned position embedding, when there is one)
 * @param dModel width
 * @param layers decoder layers
 * @param heads attention heads ({@code dModel % heads == 0})
 * @param seed seed of the random initialisation
 * @param positions how token positions enter the model
 */
public record BlockGptConfig(
    int vocabSize,
    int maxContext,
    int dModel,
    int layers,
    int heads,
    long seed,
    Positions positions) {

  /**
   * Position encoding. {@code LEARNED}: an absolute position embedding added to the token embedding
   * (GPT-2). {@code ROPE}: rotary embeddings of queries and keys (RoFormer), so attention sees
   * relative offsets only and what is learnt at one position (an equation at the start of a
   * document) carries to any other (the same equation after a question); head dimension even.
   */
  public enum Positions {
    LEARNED,
    ROPE;

    /** Lower-case name, as in configuration and the {@code .properties} file. */
    public String id() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The allowed ids, in declaration order. */
    public static java.util.List<String> ids() {
      return java.util.Arrays.stream(values()).map(Positions::id).toList();
    }

    /** The kind whose {@link #id()} is {@code id}; empty when there is none. */
    public static java.util.Optional<Positions> of(String id) {
      return java.util.Arrays.stream(values()).filter(x -> x.id().equals(id)).findFirst();
    }

    /** Whether a head of {@code headDim} dimensions can use this encoding (rope rotates pairs). */
    public boolean allowsHeadDim(int headDim) {
      return this != ROPE || headDim % 2 == 0;
    }
  }

  /** A model with learned absolute positions. */
  public BlockGptConfig(
      int vocabSize, int maxContext, int dModel, int layers, int heads, long seed) {
    this(vocabSize, maxContext, dModel, layers, heads, seed, Positions.LEARNED);
  }

  public BlockGptConfig {
    if (vocabSize < 2
        || maxContext < 2
        || dModel < 1
        || layers < 1
        || heads < 1
        || dModel % heads != 0
        || positions == null
        || !positions.allowsHeadDim(dModel / heads)) {
      throw new IllegalArgumentException(
          "Invalid block GPT config: vocab "
              + vocabSize
              + ", context "
              + maxContext
              + ", width "
              + dModel
              + ", layers "
              + layers
              + ", heads "
              + heads
              + ", positions "
              + positions
              + " (all positive, width divisible by heads; rope: even head width)");
    }
  }

  /** A model small enough for unit tests (about 40k parameters). */
  public static BlockGptConfig tiny(long seed) {
    return new BlockGptConfig(512, 128, 32, 2, 4, seed);
  }

  /** About 5M parameters: the benchmark size. */
  public static BlockGptConfig benchmark(long seed) {
    return new BlockGptConfig(8192, 512, 256, 4, 4, seed);
  }

  public int headDim() {
    return dModel / heads;
  }

  /** Parameter count (the LM head is tied to the token embedding). */
  public long parameterCount() {
    long d = dModel;
    long perLayer =
        4 * d + (3 * d * d + 3 * d) + (d * d + d) + (4 * d * d + 4 * d) + (4 * d * d + d);
    long positionTable = positions == Positions.LEARNED ? maxContext * d : 0;
    return vocabSize * d + positionTable + layers * perLayer + 2 * d;
  }

  void write(Path dir, String name) throws IOException {
    Properties p = new Properties();
    p.setProperty("vocabSize", Integer.toString(vocabSize));
    p.setProperty("maxContext", Integer.toString(maxContext));
    p.setProperty("dModel", Integer.toString(dModel));
    p.setProperty("layers", Integer.toString(layers));
    p.setProperty("heads", Integer.toString(heads));
    p.setProperty("seed", Long.toString(seed));
    p.setProperty("positions", positions.id());
    try (Writer w =
        Files.newBufferedWriter(dir.resolve(name + ".properties"), StandardCharsets.UTF_8)) {
      p.store(w, "polyreason block GPT hyper-parameters");
    }
  }

  /** Reads {@code <dir>/<name>.properties}; fails naming the file and the missing key. */
  public static BlockGptConfig read(Path dir, String name) throws IOException {
    Path file = dir.resolve(name + ".properties");
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("Block model hyper-parameter file not found: " + file);
    }
    Properties p = new Properties();
    try (Reader r = org.polyreason.common.TextFiles.open(file)) {
      p.load(r);
    }
    return new BlockGptConfig(
        intOf(p, file, "vocabSize"),
        intOf(p, file, "maxContext"),
        intOf(p, file, "dModel"),
        intOf(p, file, "layers"),
        intOf(p, file, "heads"),
        Long.parseLong(p.getProperty("seed", "0")),
        positionsOf(p, file));
  }

  /** Models written before rotary positions existed have no key: learned. */
  private static Positions positionsOf(Properties p, Path file) {
    String v = p.getProperty("positions", Positions.LEARNED.id()).trim();
    return Positions.of(v)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    file
                        + ": positions = '"
                        + v
                        + "' is not one of "
                        + String.join(", ", Positions.ids())));
  }

  private static int intOf(Properties p, Path file, String key) {
    String v = p.getProperty(key);
    if (v == null) {
      throw new IllegalArgumentException(file + " lacks the key " + key);
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(file + ": " + key + " = '" + v + "' is not an integer", e);
    }
  }
}
