package org.polyreason.inference;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Facts read straight from {@code tokenizer.json} and {@code tokenizer_config.json}.
 *
 * <p>DJL's {@code HuggingFaceTokenizer} exposes neither the vocabulary size nor the special tokens,
 * and both are needed before any model runs: the size to check a tokenizer against a model, the
 * special tokens for EOS ids. Files from the Hub are the source of truth (a model's {@code
 * genai_config.json} can disagree with them).
 *
 * @param vocabSize highest token id + 1, over the base vocabulary and added tokens
 * @param specialTokens added tokens marked special, content → id, in file order
 * @param configEos the {@code eos_token} of {@code tokenizer_config.json}, when that file names one
 */
public record TokenizerFiles(
    int vocabSize, Map<String, Long> specialTokens, Optional<String> configEos) {

  /** Reads {@code tokenizer.json} (a file, or a folder holding it) and its sibling config. */
  public static TokenizerFiles read(Path tokenizer) {
    Path json = Files.isDirectory(tokenizer) ? tokenizer.resolve("tokenizer.json") : tokenizer;
    if (!Files.isRegularFile(json)) {
      throw new IllegalArgumentException("Tokenizer file not found: " + json);
    }
    JsonObject root = parse(json).getAsJsonObject();
    long maxId = -1;
    JsonElement vocab = root.getAsJsonObject("model").get("vocab");
    if (vocab != null && vocab.isJsonObject()) {
      for (Map.Entry<String, JsonElement> e : vocab.getAsJsonObject().entrySet()) {
        maxId = Math.max(maxId, e.getValue().getAsLong());
      }
    } else if (vocab != null && vocab.isJsonArray()) {
      maxId = vocab.getAsJsonArray().size() - 1L;
    }
    Map<String, Long> special = new LinkedHashMap<>();
    JsonElement added = root.get("added_tokens");
    if (added != null && added.isJsonArray()) {
      for (JsonElement e : added.getAsJsonArray()) {
        JsonObject t = e.getAsJsonObject();
        long id = t.get("id").getAsLong();
        maxId = Math.max(maxId, id);
        if (t.has("special") && t.get("special").getAsBoolean()) {
          special.put(t.get("content").getAsString(), id);
        }
      }
    }
    if (maxId < 0) {
      throw new IllegalArgumentException("Tokenizer " + json + " has no vocabulary");
    }
    return new TokenizerFiles(
        Math.toIntExact(maxId + 1),
        Map.copyOf(special),
        configEos(json.resolveSibling("tokenizer_config.json")));
  }

  private static Optional<String> configEos(Path config) {
    if (!Files.isRegularFile(config)) {
      return Optional.empty();
    }
    JsonElement eos = parse(config).getAsJsonObject().get("eos_token");
    if (eos == null || eos.isJsonNull()) {
      return Optional.empty();
    }
    // Older configs wrap the token as {"content": ...}.
    return Optional.of(
        eos.isJsonObject()
            ? eos.getAsJsonObject().get("content").getAsString()
            : eos.getAsString());
  }

  private static JsonElement parse(Path file) {
    try (Reader r = org.polyreason.common.TextFiles.open(file)) {
      return JsonParser.parseReader(r);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          "Cannot read tokenizer file " + file + ": " + e.getMessage(), e);
    }
  }
}
