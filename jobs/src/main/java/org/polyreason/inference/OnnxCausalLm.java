package org.polyreason.inference;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Hugging Face "decoder with past" ONNX export (input_ids, attention_mask, position_ids,
 * past_key_values.N.key/value → logits, present.N.key/value) run on DJL's OnnxRuntime engine.
 *
 * <p>The layout (fp16 or fp32, KV heads, head size, vocabulary) is read from the file at load time
 * and checked, so a wrong file fails here with the missing input names rather than deep inside a
 * Spark task. Each {@link #prefill} gets its own state and managers, so concurrent tasks can share
 * one model.
 */
public final class OnnxCausalLm implements CausalLm, FullForward {

  private static final Logger LOG = LoggerFactory.getLogger(OnnxCausalLm.class);

  private final Model model;
  private final OnnxLayout layout;
  private final int maxContext;
  private final long[] eosIds;

  private OnnxCausalLm(Model model, OnnxLayout layout, int maxContext, long[] eosIds) {
    this.model = model;
    this.layout = layout;
    this.maxContext = maxContext;
    this.eosIds = eosIds.clone();
  }

  /**
   * Loads {@code modelFile} (with its external {@code .data} file beside it, if any).
   *
   * @param intraOpThreads ONNX Runtime intra-op threads; 1 is fastest for small models on few cores
   */
  public static OnnxCausalLm load(
      Path modelFile, Device device, int intraOpThreads, int maxContext, long[] eosIds)
      throws IOException {
    return load(
        modelFile, OnnxLayout.inspect(modelFile), device, intraOpThreads, maxContext, eosIds);
  }

  /** Loads with a layout already read by {@link OnnxLayout#inspect} (e.g. during validation). */
  static OnnxCausalLm load(
      Path modelFile,
      OnnxLayout layout,
      Device device,
      int intraOpThreads,
      int maxContext,
      long[] eosIds)
      throws IOException {
    if (layout.vocabSize() <= 0) {
      throw new IllegalArgumentException(
          "ONNX model "
              + modelFile
              + " has a dynamic vocabulary"
              + " dimension in its logits; a fixed size is required");
    }
    String file = modelFile.getFileName().toString();
    String name = file.endsWith(".onnx") ? file.substring(0, file.length() - 5) : file;
    Model model = Model.newInstance(name, device, "OnnxRuntime");
    try {
      model.load(
          modelFile.toAbsolutePath().getParent(),
          name,
          Map.of("intraOpNumThreads", String.valueOf(intraOpThreads)));
    } catch (MalformedModelException | IOException | RuntimeException e) {
      model.close();
      throw new IOException("Cannot load ONNX model " + modelFile + ": " + e.getMessage(), e);
    }
    LOG.info("Loaded {} on {}: {}", modelFile, device, layout);
    return new OnnxCausalLm(model, layout, maxContext, eosIds);
  }

  /** The layout read from the file. */
  public OnnxLayout layout() {
    return layout;
  }

  @Override
  public int vocabSize() {
    return layout.vocabSize();
  }

  @Override
  public int maxContext() {
    return maxContext;
  }

  @Override
  public long[] eosIds() {
    return eosIds.clone();
  }

  @Override
  public DecodeState prefill(List<long[]> prompts) {
    return new OnnxDecodeState(this, prompts);
  }

  @Override
  public float[][] forwardFull(long[] ids) {
    try (OnnxDecodeState state = new OnnxDecodeState(this, List.of(ids), true)) {
      return state.allLogits();
    }
  }

  /**
   * Runs the graph. Calls the block directly rather than through a {@code Predictor}: a predictor
   * adds a context, a sub-manager and metrics per call, which is measurable at ~0.3 ms per step,
   * and offers nothing here (inputs and outputs are already NDLists). {@code OrtSymbolBlock} only
   * calls {@code OrtSession.run}, which is thread-safe.
   */
  NDList forward(ParameterStore store, NDList inputs) {
    try {
      return model.getBlock().forward(store, inputs, false);
    } catch (EngineException e) {
      throw new IllegalStateException("ONNX forward pass failed: " + e.getMessage(), e);
    }
  }

  /** The model's own manager, parent of every decode state's arrays. */
  NDManager modelManager() {
    return model.getNDManager();
  }

  NDManager newManager() {
    return model.getNDManager().newSubManager();
  }

  static NDArray named(NDList list, String name) {
    NDArray a = list.get(name);
    if (a == null) {
      throw new IllegalStateException("ONNX output " + name + " missing from " + list);
    }
    return a;
  }

  @Override
  public void close() {
    model.close();
  }
}
