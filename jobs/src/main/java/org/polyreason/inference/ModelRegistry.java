package org.polyreason.inference;

import ai.djl.Device;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One loaded model per (spec, device) per JVM.
 *
 * <p>Spark runs many tasks in one executor JVM; loading a model per task would cost seconds and
 * memory each time. Models are loaded lazily on first use, shared by all tasks (a {@link CausalLm}
 * supports concurrent {@code prefill}), and closed by a shutdown hook when the executor exits.
 */
public final class ModelRegistry {

  private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);
  private static final Map<Key, Loaded> MODELS = new ConcurrentHashMap<>();

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(ModelRegistry::closeAll, "model-registry-close"));
  }

  /** A model and its prompt builder, loaded together from one spec. */
  public record Loaded(CausalLm lm, PromptBuilder prompts) {}

  private record Key(ModelSpec spec, String device) {}

  private ModelRegistry() {}

  /** The model for {@code spec} on {@code device}, loading it on first use. */
  public static CausalLm get(ModelSpec spec, Device device) {
    return loaded(spec, device).lm();
  }

  /** Model and prompt builder for {@code spec} on {@code device}, loading them on first use. */
  public static Loaded loaded(ModelSpec spec, Device device) {
    return MODELS.computeIfAbsent(new Key(spec, device.toString()), k -> load(spec, device));
  }

  private static Loaded load(ModelSpec spec, Device device) {
    OnnxLayout layout = spec.checked();
    long start = System.nanoTime();
    PromptBuilder prompts = null;
    try {
      prompts =
          PromptBuilder.load(
              spec.tokenizerPath(),
              ChatTemplate.parse(spec.template() == null ? "plain" : spec.template()),
              Map.of());
      CausalLm lm =
          switch (spec.engine().toLowerCase(Locale.ROOT)) {
            case ModelSpec.ONNX ->
                OnnxCausalLm.load(
                    spec.onnxFile(), layout, device, 1, spec.onnxMaxContext(), prompts.eosIds());
            case ModelSpec.BLOCK ->
                new BlockCausalLm(
                    BlockGptModel.load(spec.path(), spec.id(), device), prompts.eosIds());
            default -> throw new IllegalArgumentException("Unknown engine " + spec.engine());
          };
      LOG.info(
          "Loaded model {} ({}) on {} in {} ms",
          spec.id(),
          spec.revisionOrHash(),
          device,
          (System.nanoTime() - start) / 1_000_000);
      return new Loaded(lm, prompts);
    } catch (IOException e) {
      if (prompts != null) {
        prompts.close();
      }
      throw new UncheckedIOException("Cannot load model " + spec.id() + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      if (prompts != null) {
        prompts.close();
      }
      throw e;
    }
  }

  /** Number of models loaded in this JVM. */
  public static int size() {
    return MODELS.size();
  }

  /** Closes and forgets every model (shutdown hook; tests). */
  public static synchronized void closeAll() {
    for (Map.Entry<Key, Loaded> e : MODELS.entrySet()) {
      try {
        e.getValue().lm().close();
        e.getValue().prompts().close();
      } catch (RuntimeException ex) {
        LOG.warn("Closing model {} failed", e.getKey().spec().id(), ex);
      }
    }
    MODELS.clear();
  }
}
