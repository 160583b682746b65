package org.polyreason.jobs.generate;

import com.typesafe.config.Config;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Set;
import org.polyreason.common.UserException;
import org.polyreason.config.Settings;
import org.polyreason.inference.ChatTemplate;
import org.polyreason.inference.ModelCache;
import org.polyreason.inference.ModelSpec;

/**
 * One {@code polyreason.models.<id>} entry, as plain strings so that it can travel to executors
 * ({@link ModelSpec} holds {@link Path}s, which do not serialise). The model and tokenizer are
 * local paths, readable at the same place on every node, or Hadoop URIs, which every JVM that loads
 * them (the driver to check them, each executor to run them) copies once into its node's {@link
 * ModelCache}.
 */
public record ModelSettings(
    String id,
    String path,
    String engine,
    String tokenizer,
    String template,
    String revision,
    int maxContext,
    String dtype,
    ModelCache.Settings cache)
    implements Serializable {

  static final Set<String> KEYS =
      Set.of("path", "engine", "tokenizer", "template", "revision", "max-context", "dtype");

  static final String CACHE_KEY = "polyreason.model-cache";

  /**
   * {@code polyreason.model-cache}: where URIs are copied on each node, and how much room they get.
   */
  static ModelCache.Settings cacheSettings(Settings s) {
    String key = CACHE_KEY + ".max-size";
    long maxBytes;
    try {
      maxBytes = s.config().getBytes(key);
    } catch (com.typesafe.config.ConfigException e) {
      throw Settings.bad(key, s.string(key), "a size such as 500m, 20g or 1t");
    }
    if (maxBytes <= 0) {
      throw Settings.bad(key, s.string(key), "a positive size such as 500m, 20g or 1t");
    }
    return new ModelCache.Settings(s.string(CACHE_KEY + ".dir"), maxBytes);
  }

  static ModelSettings parse(String id, Config c, ModelCache.Settings cache) {
    String where = "polyreason.models." + id;
    for (String key : c.root().keySet()) {
      if (!KEYS.contains(key)) {
        throw new UserException(
            "Unknown configuration key "
                + where
                + "."
                + key
                + "; allowed: "
                + String.join(", ", new java.util.TreeSet<>(KEYS)));
      }
    }
    Settings s = new Settings(c);
    if (!s.has("path") || s.string("path").isBlank()) {
      throw new UserException(
          "Missing configuration key " + where + ".path (the model file or folder)");
    }
    String engine =
        s.has("engine")
            ? s.oneOf("engine", java.util.List.of(ModelSpec.ONNX, ModelSpec.BLOCK))
            : ModelSpec.ONNX;
    String path = s.string("path");
    String tokenizer = s.has("tokenizer") ? s.string("tokenizer") : path;
    String template = s.has("template") ? s.string("template") : "plain";
    try {
      ChatTemplate.parse(template);
    } catch (IllegalArgumentException e) {
      throw Settings.bad(where + ".template", template, "chatml, qwen, llama3 or plain");
    }
    int maxContext = s.has("max-context") ? s.intInRange("max-context", 0, 1 << 24) : 0;
    String dtype =
        s.has("dtype") ? s.oneOf("dtype", java.util.List.of("fp16", "fp32", "auto")) : "auto";
    String revision = s.has("revision") ? s.string("revision") : "";
    return new ModelSettings(
        id, path, engine, tokenizer, template, revision, maxContext, dtype, cache);
  }

  /**
   * The spec to load, on local files: a URI's files are copied into this node's model cache the
   * first time this JVM asks for them (then remembered).
   *
   * @throws IllegalArgumentException naming the URI when it cannot be read
   */
  public ModelSpec spec() {
    return new ModelSpec(
        id,
        ModelCache.localPath(path, cache),
        engine,
        ModelCache.localPath(tokenizer, cache),
        template,
        revision.isBlank() ? null : revision,
        maxContext,
        dtype.equals("auto") ? null : dtype);
  }

  /** Checks files, ONNX inputs and tokenizer size before Spark starts; problems exit 2. */
  void validate() {
    try {
      spec().validate();
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage() + " (polyreason.models." + id + ")", e);
    }
  }
}
