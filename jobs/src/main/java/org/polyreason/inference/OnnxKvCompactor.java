package org.polyreason.inference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Drops finished rows (and all-padding leading columns) from an ONNX KV cache.
 *
 * <p>Done on raw bytes rather than NDArray indexing: ops on ONNX Runtime arrays are delegated to
 * another engine (copying data both ways, and some fail), while a byte copy of the kept rows is
 * engine-independent and cheap next to the forward passes it saves.
 */
final class OnnxKvCompactor {

  /** The compacted cache, living in {@code manager}. */
  record Result(NDManager manager, NDList past, int[] pad, int cols) {}

  private OnnxKvCompactor() {}

  static Result compact(
      NDManager root, NDList past, OnnxLayout layout, int[] pad, int cols, int[] rows) {
    int drop = Integer.MAX_VALUE;
    for (int r : rows) {
      drop = Math.min(drop, pad[r]);
    }
    int newCols = cols - drop;
    int[] newPad = new int[rows.length];
    for (int i = 0; i < rows.length; i++) {
      newPad[i] = pad[rows[i]] - drop;
    }
    int heads = layout.kvHeads();
    int eb = layout.kvElementBytes();
    int posBytes = layout.headDim() * eb;
    DataType type = layout.halfKv() ? DataType.FLOAT16 : DataType.FLOAT32;
    Shape shape = new Shape(rows.length, heads, newCols, layout.headDim());
    NDManager manager = root.newSubManager();
    try {
      NDList kept = new NDList();
      for (NDArray a : past) {
        ByteBuffer src = a.toByteBuffer().order(ByteOrder.nativeOrder());
        ByteBuffer dst =
            ByteBuffer.allocateDirect(rows.length * heads * newCols * posBytes)
                .order(ByteOrder.nativeOrder());
        for (int r : rows) {
          for (int h = 0; h < heads; h++) {
            int from = ((r * heads + h) * cols + drop) * posBytes;
            ByteBuffer slice = src.duplicate();
            slice.position(from).limit(from + newCols * posBytes);
            dst.put(slice);
          }
        }
        dst.flip();
        NDArray c = manager.create(dst, shape, type);
        c.setName(a.getName());
        kept.add(c);
      }
      return new Result(manager, kept, newPad, newCols);
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }
}
