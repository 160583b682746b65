package org.polyreason.inference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * Decode state of {@link OnnxCausalLm}.
 *
 * <p>Memory discipline: every forward pass runs in a fresh sub-manager; its outputs (logits and
 * {@code present.*}, renamed {@code past_key_values.*} and fed back without copying) belong to that
 * manager. The previous step's manager is closed only after the next pass returns, because ONNX
 * Runtime reads the previous presents during that pass. So at most two steps are alive at once.
 */
final class OnnxDecodeState extends PaddedDecodeState {

  private final OnnxCausalLm lm;
  private final OnnxLayout layout;
  private final ParameterStore store;
  private final boolean keepAllLogits;
  private NDList past;
  private NDArray lastLogits;
  private float[][] logits;
  private ByteBuffer logitsBuffer;
  private int logitsSeq;
  private boolean[] converted;
  private final short[] scratch;
  private final long[] words;
  private ByteBuffer staging;

  OnnxDecodeState(OnnxCausalLm lm, List<long[]> prompts) {
    this(lm, prompts, false);
  }

  OnnxDecodeState(OnnxCausalLm lm, List<long[]> prompts, boolean keepAllLogits) {
    super(lm.newManager());
    this.lm = lm;
    this.layout = lm.layout();
    this.keepAllLogits = keepAllLogits;
    this.store = new ParameterStore(root, false);
    this.scratch = new short[layout.vocabSize()];
    this.words = new long[layout.vocabSize() / 4];
    try {
      prefill(prompts);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  private void prefill(List<long[]> prompts) {
    Prefill in = leftPad(prompts);
    NDManager step = root.newSubManager();
    past = new NDList();
    DataType type = layout.halfKv() ? DataType.FLOAT16 : DataType.FLOAT32;
    Shape empty = new Shape(batch, layout.kvHeads(), 0, layout.headDim());
    for (int i = 0; i < layout.layers(); i++) {
      for (String kind : new String[] {"key", "value"}) {
        ByteBuffer none = ByteBuffer.allocateDirect(0).order(ByteOrder.nativeOrder());
        NDArray a = step.create(none, empty, type);
        a.setName("past_key_values." + i + "." + kind);
        past.add(a);
      }
    }
    run(step, in.ids(), in.positions(), cols);
  }

  @Override
  public void step(long[] tokens) {
    long[] positions = appendColumn(tokens);
    run(root.newSubManager(), tokens, positions, 1);
  }

  private void run(NDManager step, long[] ids, long[] positions, int seq) {
    NDList out;
    try {
      int maskLength = batch * cols;
      LongBuffer staged = stage(2 * ids.length + maskLength);
      staged.put(ids).put(positions);
      for (int r = 0; r < batch; r++) {
        for (int c = 0; c < cols; c++) {
          staged.put(c < pad[r] ? 0L : 1L);
        }
      }
      NDList in = new NDList();
      in.add(
          named(
              step.create(slice(0, ids.length), new Shape(batch, seq), DataType.INT64),
              "input_ids"));
      in.add(
          named(
              step.create(
                  slice(2 * ids.length, maskLength), new Shape(batch, cols), DataType.INT64),
              "attention_mask"));
      in.add(
          named(
              step.create(slice(ids.length, ids.length), new Shape(batch, seq), DataType.INT64),
              "position_ids"));
      in.addAll(past);
      out = lm.forward(store, in);
    } catch (RuntimeException e) {
      step.close();
      throw e;
    }
    NDList next = new NDList();
    for (int i = 0; i < layout.layers(); i++) {
      for (String kind : new String[] {"key", "value"}) {
        NDArray present = OnnxCausalLm.named(out, "present." + i + "." + kind);
        present.setName("past_key_values." + i + "." + kind);
        next.add(present);
      }
    }
    lastLogits = OnnxCausalLm.named(out, "logits");
    readLogits(seq);
    advance(step);
    past = next;
  }

  /**
   * A reused native buffer for the step's small int64 inputs: ONNX Runtime wraps a direct buffer
   * without copying and only reads it during the forward pass, so one buffer serves every step
   * instead of three native allocations per step.
   */
  private LongBuffer stage(int longs) {
    if (staging == null || staging.capacity() < 8L * longs) {
      staging = ByteBuffer.allocateDirect(8 * (longs + longs / 2)).order(ByteOrder.nativeOrder());
    }
    return staging.clear().asLongBuffer();
  }

  private ByteBuffer slice(int fromLong, int longs) {
    return staging.slice(8 * fromLong, 8 * longs).order(ByteOrder.nativeOrder());
  }

  /**
   * Takes the step's logits. Rows are converted to floats lazily, when {@link #logits} asks: greedy
   * rows are argmaxed on the raw fp16 bits and never converted.
   */
  private void readLogits(int seq) {
    int v = layout.vocabSize();
    int rowsWanted = keepAllLogits ? seq : 1;
    if (logits == null || logits.length != batch * rowsWanted) {
      logits = new float[batch * rowsWanted][v];
      converted = new boolean[batch * rowsWanted];
    }
    logitsBuffer = lastLogits.toByteBuffer();
    logitsSeq = seq;
    Arrays.fill(converted, false);
    if (keepAllLogits) {
      for (int r = 0; r < batch; r++) {
        for (int k = 0; k < seq; k++) {
          Fp16.read(
              logitsBuffer,
              layout.halfLogits(),
              ((long) r * seq + k) * v,
              logits[r * seq + k],
              scratch);
        }
      }
      Arrays.fill(converted, true);
    }
  }

  /** Element offset of a row's last-position logits in the step's logits tensor. */
  private long lastOffset(int row) {
    return ((long) row * logitsSeq + logitsSeq - 1) * layout.vocabSize();
  }

  float[][] allLogits() {
    return logits;
  }

  private static NDArray named(NDArray a, String name) {
    a.setName(name);
    return a;
  }

  @Override
  public void retain(int[] rows) {
    OnnxKvCompactor.Result kept = OnnxKvCompactor.compact(root, past, layout, pad, cols, rows);
    float[][] nextLogits = new float[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      nextLogits[i] = logits(rows[i]);
    }
    converted = new boolean[rows.length];
    Arrays.fill(converted, true);
    advance(kept.manager());
    past = kept.past();
    pad = kept.pad();
    cols = kept.cols();
    batch = rows.length;
    logits = nextLogits;
  }

  @Override
  public float[] logits(int row) {
    if (!converted[row]) {
      Fp16.read(logitsBuffer, layout.halfLogits(), lastOffset(row), logits[row], scratch);
      converted[row] = true;
    }
    return logits[row];
  }

  @Override
  public int argmax(int row) {
    if (!converted[row] && layout.halfLogits()) {
      int best = Fp16.argmax(logitsBuffer, lastOffset(row), layout.vocabSize(), words);
      if (best >= 0) {
        return best;
      }
    }
    return Sampler.argmax(logits(row));
  }
}
