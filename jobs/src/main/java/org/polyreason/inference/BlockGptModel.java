package org.polyreason.inference;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Parameter;
import ai.djl.training.Trainer;
import ai.djl.training.TrainingConfig;
import ai.djl.translate.NoopTranslator;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small GPT defined with DJL's {@link ai.djl.nn.Block} API on the PyTorch engine, saved and
 * loaded in DJL's own format ({@code <name>-0000.params}) plus {@code <name>.properties} for the
 * hyper-parameters.
 *
 * <p>Random initialisation is seeded in Java ({@link Random#nextGaussian}) rather than through the
 * engine's global RNG, so the same seed gives the same weights on CPU and GPU and whatever else ran
 * in the JVM before.
 */
public final class BlockGptModel implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(BlockGptModel.class);
  public static final String ENGINE = "PyTorch";

  private final Model model;
  private final GptBlock block;

  private BlockGptModel(Model model, GptBlock block) {
    this.model = model;
    this.block = block;
  }

  /**
   * A freshly initialised model (GPT-2 style: N(0, 0.02) weights, residual outputs scaled down).
   */
  public static BlockGptModel create(BlockGptConfig config, Device device) {
    Model model = Model.newInstance("block-gpt", device, ENGINE);
    GptBlock block = new GptBlock(config);
    model.setBlock(block);
    block.create(model.getNDManager());
    Random random = new Random(config.seed());
    double residual = 0.02 / Math.sqrt(2.0 * config.layers());
    for (Map.Entry<String, Parameter> e : block.getParameters().toMap().entrySet()) {
      Parameter p = e.getValue();
      if (p.getType() != Parameter.Type.WEIGHT) {
        continue;
      }
      String name = p.getName();
      double std = name.endsWith("proj.w") || name.endsWith("fc2.w") ? residual : 0.02;
      NDArray a = p.getArray();
      float[] values = new float[Math.toIntExact(a.size())];
      for (int i = 0; i < values.length; i++) {
        values[i] = (float) (random.nextGaussian() * std);
      }
      a.set(FloatBuffer.wrap(values));
    }
    LOG.info("Created block GPT {} ({} parameters) on {}", config, config.parameterCount(), device);
    return new BlockGptModel(model, block);
  }

  /** Writes {@code <dir>/<name>-0000.params} and {@code <dir>/<name>.properties}. */
  public void save(Path dir, String name) throws IOException {
    Files.createDirectories(dir);
    model.save(dir, name);
    config().write(dir, name);
  }

  /** Loads what {@link #save} wrote. */
  public static BlockGptModel load(Path dir, String name, Device device) throws IOException {
    BlockGptConfig config = BlockGptConfig.read(dir, name);
    Model model = Model.newInstance(name, device, ENGINE);
    GptBlock block = new GptBlock(config);
    model.setBlock(block);
    try {
      model.load(dir, name);
    } catch (MalformedModelException | IOException | RuntimeException e) {
      model.close();
      throw new IOException(
          "Cannot load block model " + name + " from " + dir + ": " + e.getMessage(), e);
    }
    return new BlockGptModel(model, block);
  }

  public BlockGptConfig config() {
    return block.config();
  }

  public Device device() {
    return model.getNDManager().getDevice();
  }

  /**
   * A plain DJL predictor running the uncached {@code Block.forward} (the benchmark's baseline).
   */
  public Predictor<NDList, NDList> newPredictor() {
    return model.newPredictor(new NoopTranslator());
  }

  Model model() {
    return model;
  }

  /**
   * A DJL trainer over this model's parameters (for the {@code train} job): every parameter records
   * gradients, also after {@link #load}.
   */
  public Trainer newTrainer(TrainingConfig config) {
    for (Parameter p : block.getParameters().values()) {
      if (!p.getArray().hasGradient()) {
        p.getArray().setRequiresGradient(true);
      }
    }
    return model.newTrainer(config);
  }

  /** Every parameter array (for gradient clipping). */
  public java.util.List<NDArray> parameterArrays() {
    return block.getParameters().values().stream().map(Parameter::getArray).toList();
  }

  /** The parameters' names, in the order of {@link #parameterArrays()}. */
  public java.util.List<String> parameterNames() {
    return block.getParameters().keys();
  }

  GptBlock block() {
    return block;
  }

  @Override
  public void close() {
    model.close();
  }
}
