package org.polyreason.inference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.function.Function;

/**
 * The DJL {@link ai.djl.nn.Block} of {@link BlockGptModel}: token embeddings (plus learned position
 * embeddings, or rotary positions inside attention; {@link BlockGptConfig.Positions}), pre-norm
 * decoder layers (causal self-attention and a GELU MLP, each behind a LayerNorm and a residual), a
 * final LayerNorm and an LM head tied to the token embedding.
 *
 * <p>Parameters live directly on this block and the maths uses DJL's functional ops ({@code
 * Linear.linear}, {@code LayerNorm.layerNorm}, {@code Embedding.embedding}) rather than child
 * blocks, because KV-cached decoding has to reach inside attention (append new keys/values to the
 * cache), which DJL's attention blocks do not allow. {@link #forward} is the plain, uncached path;
 * {@link GptMath} holds the shared maths.
 */
final class GptBlock extends AbstractBlock {

  private static final byte VERSION = 1;

  private final BlockGptConfig config;

  GptBlock(BlockGptConfig config) {
    super(VERSION);
    this.config = config;
    int d = config.dModel();
    weight("tok_emb", new Shape(config.vocabSize(), d));
    if (config.positions() == BlockGptConfig.Positions.LEARNED) {
      weight("pos_emb", new Shape(config.maxContext(), d));
    }
    for (int l = 0; l < config.layers(); l++) {
      String p = "l" + l + ".";
      norm(p + "ln1", d);
      weight(p + "qkv.w", new Shape(3L * d, d));
      bias(p + "qkv.b", 3L * d);
      weight(p + "proj.w", new Shape(d, d));
      bias(p + "proj.b", d);
      norm(p + "ln2", d);
      weight(p + "fc1.w", new Shape(4L * d, d));
      bias(p + "fc1.b", 4L * d);
      weight(p + "fc2.w", new Shape(d, 4L * d));
      bias(p + "fc2.b", d);
    }
    norm("lnf", d);
  }

  private void weight(String name, Shape shape) {
    addParameter(
        Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).optShape(shape).build());
  }

  private void bias(String name, long size) {
    addParameter(
        Parameter.builder()
            .setName(name)
            .setType(Parameter.Type.BIAS)
            .optShape(new Shape(size))
            .build());
  }

  private void norm(String name, long size) {
    addParameter(
        Parameter.builder()
            .setName(name + ".g")
            .setType(Parameter.Type.GAMMA)
            .optShape(new Shape(size))
            .build());
    addParameter(
        Parameter.builder()
            .setName(name + ".b")
            .setType(Parameter.Type.BETA)
            .optShape(new Shape(size))
            .build());
  }

  BlockGptConfig config() {
    return config;
  }

  /** Parameter arrays by name, for the cached decoder (single device, no gradient). */
  Function<String, NDArray> arrays() {
    return name -> parameters.get(name).getArray();
  }

  /** Uncached forward: {@code [b, t]} int64 ids → {@code [b, t, vocab]} logits. */
  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray ids = inputs.singletonOrThrow();
    NDManager m = ids.getManager();
    int b = (int) ids.getShape().get(0);
    int t = (int) ids.getShape().get(1);
    long[] pos = new long[b * t];
    for (int i = 0; i < pos.length; i++) {
      pos[i] = i % t;
    }
    NDArray positions = m.create(pos, new Shape(b, t));
    NDArray mask = m.create(GptMath.mask(new int[b], 0, t, t), new Shape(b, 1, t, t));
    Function<String, NDArray> w =
        name -> store.getValue(parameters.get(name), ids.getDevice(), training);
    return new NDList(GptMath.forward(config, w, ids, positions, mask, null, false));
  }

  /**
   * Always the one {@code ids} input. DJL restores the input shapes of a loaded block but not their
   * names, so saving a loaded (then further trained) model failed with "key value size mismatch".
   */
  @Override
  public PairList<String, Shape> describeInput() {
    return new PairList<>(java.util.List.of("ids"), java.util.List.of(new Shape(1, 1)));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape in = inputShapes[0];
    return new Shape[] {new Shape(in.get(0), in.get(1), config.vocabSize())};
  }

  /** Creates the parameter arrays (values are then overwritten by the seeded initialiser). */
  void create(NDManager manager) {
    initialize(manager, DataType.FLOAT32, new Shape(1, 1));
  }
}
