package org.polyreason.bench;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.polyreason.inference.Fp16;
import org.polyreason.inference.OnnxLayout;
import org.polyreason.inference.Sampler;

/**
 * The benchmark's floor: greedy decoding straight on the ONNX Runtime Java API (no DJL, no
 * abstractions), feeding {@code present.*} back as {@code past_key_values.*}. Equal-length prompts
 * only, so there is no padding to manage.
 */
final class RawOrtLoop implements AutoCloseable {

  private final OrtEnvironment env;
  private final OrtSession session;
  private final OnnxLayout layout;

  RawOrtLoop(Path modelFile) throws OrtException {
    layout = OnnxLayout.inspect(modelFile);
    env = OrtEnvironment.getEnvironment();
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    options.setIntraOpNumThreads(1);
    session = env.createSession(modelFile.toString(), options);
  }

  /** Prefills {@code batch} copies of {@code prompt} and decodes {@code steps} tokens greedily. */
  long run(long[] prompt, int batch, int steps) throws OrtException {
    int len = prompt.length;
    long[] ids = new long[batch * len];
    long[] pos = new long[batch * len];
    for (int r = 0; r < batch; r++) {
      for (int c = 0; c < len; c++) {
        ids[r * len + c] = prompt[c];
        pos[r * len + c] = c;
      }
    }
    Map<String, OnnxTensor> past = new HashMap<>();
    for (int i = 0; i < layout.layers(); i++) {
      for (String kind : new String[] {"key", "value"}) {
        past.put(
            "past_key_values." + i + "." + kind,
            OnnxTensor.createTensor(
                env,
                ByteBuffer.allocateDirect(0).order(ByteOrder.nativeOrder()),
                new long[] {batch, layout.kvHeads(), 0, layout.headDim()},
                layout.halfKv() ? OnnxJavaType.FLOAT16 : OnnxJavaType.FLOAT));
      }
    }
    OrtSession.Result previous = null;
    long checksum = 0;
    int cols = len;
    int seq = len;
    float[] row = new float[layout.vocabSize()];
    short[] scratch = new short[layout.vocabSize()];
    long[] words = new long[layout.vocabSize() / 4];
    for (int step = 0; step <= steps; step++) {
      long[] mask = new long[batch * cols];
      java.util.Arrays.fill(mask, 1L);
      Map<String, OnnxTensor> in = new HashMap<>(past);
      in.put(
          "input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(ids), new long[] {batch, seq}));
      in.put(
          "attention_mask",
          OnnxTensor.createTensor(env, LongBuffer.wrap(mask), new long[] {batch, cols}));
      in.put(
          "position_ids",
          OnnxTensor.createTensor(env, LongBuffer.wrap(pos), new long[] {batch, seq}));
      OrtSession.Result out = session.run(in);
      for (Map.Entry<String, OnnxTensor> e : in.entrySet()) {
        if (!e.getKey().startsWith("past_key_values.")) {
          e.getValue().close();
        }
      }
      if (previous != null) {
        previous.close();
      } else {
        past.values().forEach(OnnxTensor::close);
      }
      ByteBuffer logits = ((OnnxTensor) out.get("logits").get()).getByteBuffer();
      ids = new long[batch];
      pos = new long[batch];
      for (int r = 0; r < batch; r++) {
        long offset = ((long) r * seq + seq - 1) * row.length;
        int best = layout.halfLogits() ? Fp16.argmax(logits, offset, row.length, words) : -1;
        if (best < 0) {
          Fp16.read(logits, layout.halfLogits(), offset, row, scratch);
          best = Sampler.argmax(row);
        }
        ids[r] = best;
        pos[r] = cols;
        checksum += ids[r];
      }
      past = new HashMap<>();
      for (int i = 0; i < layout.layers(); i++) {
        for (String kind : new String[] {"key", "value"}) {
          OnnxValue v = out.get("present." + i + "." + kind).get();
          past.put("past_key_values." + i + "." + kind, (OnnxTensor) v);
        }
      }
      previous = out;
      seq = 1;
      cols++;
    }
    previous.close();
    return checksum;
  }

  @Override
  public void close() throws OrtException {
    session.close();
  }
}
