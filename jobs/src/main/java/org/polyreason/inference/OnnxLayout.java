package org.polyreason.inference;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The shape of a Hugging Face "decoder with past" ONNX export, read from the model's own metadata.
 *
 * <p>DJL's OnnxRuntime engine reports input names and shapes but not element types, and fp16 vs
 * fp32 decides how we build the empty past and read logits; so the file is opened once with the raw
 * ONNX Runtime API (already on the classpath through {@code onnxruntime-engine}) with graph
 * optimisation off, which reads metadata without optimising the graph.
 *
 * @param layers number of {@code past_key_values.N.key/value} pairs
 * @param kvHeads key/value heads (dimension 1 of a past tensor)
 * @param headDim head size (dimension 3 of a past tensor)
 * @param vocabSize last dimension of {@code logits}, or -1 when the export leaves it dynamic
 * @param halfKv whether past/present tensors are float16 (else float32)
 * @param halfLogits whether logits are float16
 */
public record OnnxLayout(
    int layers, int kvHeads, int headDim, int vocabSize, boolean halfKv, boolean halfLogits) {

  static final List<String> BASE_INPUTS = List.of("input_ids", "attention_mask", "position_ids");

  /** Reads and checks the layout; fails with the missing names and the names found. */
  public static OnnxLayout inspect(Path modelFile) {
    if (!Files.isRegularFile(modelFile)) {
      throw new IllegalArgumentException("ONNX model file not found: " + modelFile);
    }
    // DJL's engine creates the process-wide OrtEnvironment with its own thread pool settings and
    // fails if one exists already, so let it go first and share its environment.
    ai.djl.engine.Engine.getEngine("OnnxRuntime");
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT);
      try (OrtSession session = env.createSession(modelFile.toString(), options)) {
        return fromMetadata(modelFile, session.getInputInfo(), session.getOutputInfo());
      }
    } catch (OrtException e) {
      throw new IllegalArgumentException(
          "Cannot read " + modelFile + " as an ONNX model: " + e.getMessage(), e);
    }
  }

  private static OnnxLayout fromMetadata(
      Path file, Map<String, NodeInfo> inputs, Map<String, NodeInfo> outputs) {
    int layers = 0;
    while (inputs.containsKey("past_key_values." + layers + ".key")) {
      layers++;
    }
    List<String> missing = new ArrayList<>();
    for (String name : BASE_INPUTS) {
      if (!inputs.containsKey(name)) {
        missing.add(name);
      }
    }
    if (layers == 0) {
      missing.add("past_key_values.0.key");
    }
    for (int i = 0; i < layers; i++) {
      if (!inputs.containsKey("past_key_values." + i + ".value")) {
        missing.add("past_key_values." + i + ".value");
      }
    }
    if (!outputs.containsKey("logits")) {
      missing.add("logits (output)");
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(
          "ONNX model "
              + file
              + " is not in the decoder-with-past layout: missing "
              + missing
              + "; found inputs "
              + new TreeSet<>(inputs.keySet())
              + ", outputs "
              + new TreeSet<>(outputs.keySet()));
    }
    TensorInfo past = tensor(inputs.get("past_key_values.0.key"));
    TensorInfo logits = tensor(outputs.get("logits"));
    long[] ps = past.getShape();
    long[] ls = logits.getShape();
    if (ps.length != 4 || ps[1] <= 0 || ps[3] <= 0) {
      throw new IllegalArgumentException(
          "ONNX model "
              + file
              + ": past_key_values.0.key must have shape [batch, kv_heads, past,"
              + " head_dim] with fixed kv_heads and head_dim, found "
              + java.util.Arrays.toString(ps));
    }
    int vocab = ls.length == 0 ? -1 : (int) ls[ls.length - 1];
    return new OnnxLayout(
        layers,
        (int) ps[1],
        (int) ps[3],
        vocab > 0 ? vocab : -1,
        isHalf(file, "past_key_values.0.key", past),
        isHalf(file, "logits", logits));
  }

  private static TensorInfo tensor(NodeInfo node) {
    if (!(node.getInfo() instanceof TensorInfo t)) {
      throw new IllegalArgumentException("ONNX node " + node.getName() + " is not a tensor");
    }
    return t;
  }

  private static boolean isHalf(Path file, String name, TensorInfo info) {
    if (info.type == OnnxJavaType.FLOAT16) {
      return true;
    }
    if (info.type == OnnxJavaType.FLOAT) {
      return false;
    }
    throw new IllegalArgumentException(
        "ONNX model "
            + file
            + ": "
            + name
            + " has type "
            + info.type
            + ", expected FLOAT16 or FLOAT");
  }

  /** Bytes per cache element. */
  int kvElementBytes() {
    return halfKv ? 2 : 4;
  }
}
