package org.polyreason.inference;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes a minimal valid ONNX model (one Identity node, input {@code x}, output {@code y}) by
 * encoding the protobuf by hand, so tests can show what happens with a model that is ONNX but not a
 * decoder, without another dependency or a binary file in the repository.
 */
final class OnnxTestFiles {

  private OnnxTestFiles() {}

  static byte[] identityModel() {
    byte[] dim = varint(1, 1);
    byte[] shape = field(1, dim);
    byte[] tensorType = concat(varint(1, 1), field(2, shape));
    byte[] type = field(1, tensorType);
    byte[] node = concat(str(1, "x"), str(2, "y"), str(4, "Identity"));
    byte[] graph =
        concat(
            field(1, node),
            str(2, "g"),
            field(11, concat(str(1, "x"), field(2, type))),
            field(12, concat(str(1, "y"), field(2, type))));
    byte[] opset = concat(str(1, ""), varint(2, 13));
    return concat(varint(1, 8), field(7, graph), field(8, opset));
  }

  private static byte[] varint(int field, long value) {
    return concat(rawVarint((long) field << 3), rawVarint(value));
  }

  private static byte[] str(int field, String s) {
    return field(field, s.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] field(int field, byte[] payload) {
    return concat(rawVarint(((long) field << 3) | 2), rawVarint(payload.length), payload);
  }

  private static byte[] rawVarint(long v) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while ((v & ~0x7fL) != 0) {
      out.write((int) ((v & 0x7f) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
