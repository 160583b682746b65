package org.polyreason.inference;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import com.google.protobuf.UnknownFieldSet.Field;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Builds an fp32 twin of an fp16 ONNX decoder, for tests of the fp32 path: every float16
 * initializer, constant, graph input/output/value_info and {@code Cast(to=float16)} becomes
 * float32, and external data is inlined, so the result is one self-contained {@code model.onnx}.
 * The weights are the same numbers (fp16 widens exactly), so the twin must compute what the
 * original does, up to fp16 rounding.
 *
 * <p>Works on the protobuf wire format with field numbers from onnx.proto (no generated ONNX
 * classes): ModelProto.graph = 7; GraphProto node = 1, initializer = 5, input = 11, output = 12,
 * value_info = 13; NodeProto op_type = 4, attribute = 5; AttributeProto name = 1, i = 3, t = 5;
 * TensorProto data_type = 2, int32_data = 5, raw_data = 9, external_data = 13 (key = 1, value = 2),
 * data_location = 14; ValueInfoProto type = 2; TypeProto tensor_type = 1; Tensor elem_type = 1.
 */
final class OnnxFp32Export {

  private static final int FLOAT = 1;
  private static final int FLOAT16 = 10;

  private final Path dir;
  private final Map<String, byte[]> external = new HashMap<>();

  private OnnxFp32Export(Path dir) {
    this.dir = dir;
  }

  /**
   * {@code OnnxFp32Export <fp16 model.onnx> <out model.onnx>}: used by {@code
   * submit-scripts/bench-generate.sh decode-fp32} to benchmark the fp32 path.
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: OnnxFp32Export <fp16 model.onnx> <out model.onnx>");
      System.exit(2);
    }
    System.out.println(convert(Path.of(args[0]), Path.of(args[1])));
  }

  /** Writes the fp32 twin of {@code fp16Model} (a .onnx file) to {@code out}. */
  static Path convert(Path fp16Model, Path out) throws IOException {
    OnnxFp32Export export = new OnnxFp32Export(fp16Model.toAbsolutePath().getParent());
    UnknownFieldSet model = UnknownFieldSet.parseFrom(Files.readAllBytes(fp16Model));
    UnknownFieldSet converted = rewrite(model, 7, export::graph);
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.write(out, converted.toByteArray());
    return out;
  }

  private ByteString graph(ByteString bytes) {
    UnknownFieldSet g = parse(bytes);
    g = rewrite(g, 1, this::node);
    g = rewrite(g, 5, this::tensor);
    for (int valueInfo : new int[] {11, 12, 13}) {
      g = rewrite(g, valueInfo, OnnxFp32Export::valueInfo);
    }
    return g.toByteString();
  }

  private ByteString node(ByteString bytes) {
    UnknownFieldSet n = parse(bytes);
    boolean cast =
        n.hasField(4)
            && n.getField(4).getLengthDelimitedList().get(0).toStringUtf8().equals("Cast");
    return rewrite(n, 5, a -> attribute(a, cast)).toByteString();
  }

  private ByteString attribute(ByteString bytes, boolean cast) {
    UnknownFieldSet a = parse(bytes);
    String name = a.getField(1).getLengthDelimitedList().get(0).toStringUtf8();
    if (cast
        && name.equals("to")
        && a.getField(3).getVarintList().equals(List.of((long) FLOAT16))) {
      a = with(a, 3, Field.newBuilder().addVarint(FLOAT).build());
    }
    return rewrite(a, 5, this::tensor).toByteString();
  }

  private static ByteString valueInfo(ByteString bytes) {
    return rewrite(
            parse(bytes),
            2,
            type ->
                rewrite(
                        parse(type),
                        1,
                        tensorType -> {
                          UnknownFieldSet t = parse(tensorType);
                          if (t.hasField(1)
                              && t.getField(1).getVarintList().equals(List.of((long) FLOAT16))) {
                            t = with(t, 1, Field.newBuilder().addVarint(FLOAT).build());
                          }
                          return t.toByteString();
                        })
                    .toByteString())
        .toByteString();
  }

  /** Inlines external data and widens float16 payloads to float32 {@code raw_data}. */
  private ByteString tensor(ByteString bytes) {
    UnknownFieldSet t = parse(bytes);
    long type = t.getField(2).getVarintList().isEmpty() ? 0 : t.getField(2).getVarintList().get(0);
    ByteString raw = data(t, type);
    if (raw == null) {
      return bytes;
    }
    UnknownFieldSet.Builder b = t.toBuilder().clearField(9).clearField(13).clearField(14);
    if (type == FLOAT16) {
      b.clearField(5).clearField(2).addField(2, Field.newBuilder().addVarint(FLOAT).build());
      raw = widen(raw);
    }
    return b.addField(9, Field.newBuilder().addLengthDelimited(raw).build()).build().toByteString();
  }

  /** The tensor's payload as little-endian bytes, or null when it needs no rewriting. */
  private ByteString data(UnknownFieldSet t, long type) {
    if (t.hasField(13)) {
      Map<String, String> entries = new HashMap<>();
      for (ByteString e : t.getField(13).getLengthDelimitedList()) {
        UnknownFieldSet kv = parse(e);
        entries.put(
            kv.getField(1).getLengthDelimitedList().get(0).toStringUtf8(),
            kv.getField(2).getLengthDelimitedList().get(0).toStringUtf8());
      }
      byte[] file = external.computeIfAbsent(entries.get("location"), this::read);
      int offset = Integer.parseInt(entries.getOrDefault("offset", "0"));
      int length =
          Integer.parseInt(entries.getOrDefault("length", String.valueOf(file.length - offset)));
      return ByteString.copyFrom(file, offset, length);
    }
    if (type != FLOAT16) {
      return null;
    }
    if (t.hasField(9)) {
      return t.getField(9).getLengthDelimitedList().get(0);
    }
    // float16 values may also sit in int32_data, one 16-bit pattern per element
    List<Long> bits = t.hasField(5) ? unpackVarints(t.getField(5)) : List.of();
    ByteBuffer b = ByteBuffer.allocate(2 * bits.size()).order(ByteOrder.LITTLE_ENDIAN);
    bits.forEach(v -> b.putShort((short) (long) v));
    return ByteString.copyFrom(b.array());
  }

  private byte[] read(String location) {
    try {
      return Files.readAllBytes(dir.resolve(location));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read external data " + location, e);
    }
  }

  private static ByteString widen(ByteString half) {
    ByteBuffer in = half.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer out = ByteBuffer.allocate(2 * half.size()).order(ByteOrder.LITTLE_ENDIAN);
    while (in.hasRemaining()) {
      out.putFloat(Fp16.toFloat(in.getShort() & 0xffff));
    }
    return ByteString.copyFrom(out.array());
  }

  private static List<Long> unpackVarints(Field f) {
    List<Long> out = new java.util.ArrayList<>(f.getVarintList());
    for (ByteString packed : f.getLengthDelimitedList()) {
      try {
        var in = packed.newCodedInput();
        while (!in.isAtEnd()) {
          out.add(in.readRawVarint64());
        }
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
    return out;
  }

  /** Applies {@code f} to every length-delimited value of field {@code number}. */
  private static UnknownFieldSet rewrite(
      UnknownFieldSet set, int number, UnaryOperator<ByteString> f) {
    if (!set.hasField(number)) {
      return set;
    }
    Field.Builder field = Field.newBuilder();
    set.getField(number)
        .getLengthDelimitedList()
        .forEach(v -> field.addLengthDelimited(f.apply(v)));
    return with(set, number, field.build());
  }

  private static UnknownFieldSet with(UnknownFieldSet set, int number, Field field) {
    return set.toBuilder().clearField(number).addField(number, field).build();
  }

  private static UnknownFieldSet parse(ByteString bytes) {
    try {
      return UnknownFieldSet.parseFrom(bytes);
    } catch (IOException e) {
      throw new IllegalStateException("not a protobuf message", e);
    }
  }
}
