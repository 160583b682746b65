package org.polyreason.inference;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake {@link CausalLm} for generator logic: the next token is always {@code last + 1} (mod
 * vocab), id 9 is EOS, and any prompt holding {@link #POISON} makes the forward pass throw.
 */
final class ScriptedLm implements CausalLm {

  static final long EOS = 9;
  static final long POISON = 7;
  static final TokenDecoder LETTERS =
      (ids, skip) -> {
        StringBuilder sb = new StringBuilder();
        for (long id : ids) {
          if (!(skip && id == EOS)) {
            sb.append((char) ('a' + id));
          }
        }
        return sb.toString();
      };

  final AtomicInteger retains = new AtomicInteger();
  private final int maxContext;

  ScriptedLm(int maxContext) {
    this.maxContext = maxContext;
  }

  @Override
  public int vocabSize() {
    return 10;
  }

  @Override
  public int maxContext() {
    return maxContext;
  }

  @Override
  public long[] eosIds() {
    return new long[] {EOS};
  }

  @Override
  public DecodeState prefill(List<long[]> prompts) {
    long[] last = new long[prompts.size()];
    for (int r = 0; r < last.length; r++) {
      long[] p = prompts.get(r);
      for (long id : p) {
        if (id == POISON) {
          throw new IllegalStateException("poisoned prompt");
        }
      }
      last[r] = p[p.length - 1];
    }
    return new State(last);
  }

  @Override
  public void close() {}

  private final class State implements DecodeState {
    private long[] last;

    State(long[] last) {
      this.last = last;
    }

    @Override
    public int batchSize() {
      return last.length;
    }

    @Override
    public int length() {
      return 0;
    }

    @Override
    public float[] logits(int row) {
      float[] l = new float[10];
      l[(int) ((last[row] + 1) % 10)] = 5f;
      return l;
    }

    @Override
    public void step(long[] tokens) {
      last = tokens.clone();
    }

    @Override
    public void retain(int[] rows) {
      retains.incrementAndGet();
      long[] kept = new long[rows.length];
      for (int i = 0; i < rows.length; i++) {
        kept[i] = last[rows[i]];
      }
      last = kept;
    }

    @Override
    public void close() {}
  }
}
