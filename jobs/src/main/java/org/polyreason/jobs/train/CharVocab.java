package org.polyreason.jobs.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A character vocabulary: five special tokens, then every code point of the training texts in
 * code-point order (so the same texts always give the same ids).
 *
 * <p>It is written as a Hugging Face {@code tokenizer.json} (a BPE model without merges, no
 * pre-tokenizer, a {@code Fuse} decoder) so that {@code generate} loads a trained model's tokenizer
 * like any other; {@link #encode} here gives the same ids as that file (tested).
 */
public final class CharVocab implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final String PAD = "<pad>";
  public static final String UNK = "<unk>";
  public static final String EOS = "</s>";
  public static final String THINK = "<think>";
  public static final String PAR = "<par>";
  static final List<String> SPECIALS = List.of(PAD, UNK, EOS, THINK, PAR);

  /** Always in the vocabulary: what worked answers and prompts are written with. */
  static final String BASE_CHARS = "0123456789+-*=.# \n";

  private final int[] codePoints;
  private transient Map<Integer, Integer> index;

  private CharVocab(int[] codePoints) {
    this.codePoints = codePoints;
  }

  /** The vocabulary of {@code texts} plus {@link #BASE_CHARS}. */
  public static CharVocab of(Collection<String> texts) {
    TreeSet<Integer> cps = new TreeSet<>();
    BASE_CHARS.codePoints().forEach(cps::add);
    for (String t : texts) {
      t.codePoints().forEach(cps::add);
    }
    return new CharVocab(cps.stream().mapToInt(Integer::intValue).toArray());
  }

  public int size() {
    return SPECIALS.size() + codePoints.length;
  }

  public int id(String special) {
    int i = SPECIALS.indexOf(special);
    if (i < 0) {
      throw new IllegalArgumentException("not a special token: " + special);
    }
    return i;
  }

  private Map<Integer, Integer> index() {
    if (index == null) {
      Map<Integer, Integer> m = new HashMap<>();
      for (int i = 0; i < codePoints.length; i++) {
        m.put(codePoints[i], SPECIALS.size() + i);
      }
      index = m;
    }
    return index;
  }

  /**
   * Ids of {@code text}; special tokens written in it map to their ids, unknown characters to UNK.
   */
  public int[] encode(String text) {
    int[] out = new int[text.length()];
    int n = 0;
    int i = 0;
    while (i < text.length()) {
      int special = -1;
      if (text.charAt(i) == '<') {
        for (int s = 0; s < SPECIALS.size(); s++) {
          if (text.startsWith(SPECIALS.get(s), i)) {
            special = s;
            break;
          }
        }
      }
      if (special >= 0) {
        out[n++] = special;
        i += SPECIALS.get(special).length();
      } else {
        int cp = text.codePointAt(i);
        out[n++] = index().getOrDefault(cp, 1);
        i += Character.charCount(cp);
      }
    }
    return Arrays.copyOf(out, n);
  }

  /** Text of ids; special tokens are left out. */
  public String decode(int[] ids) {
    StringBuilder sb = new StringBuilder();
    for (int id : ids) {
      if (id >= SPECIALS.size() && id < size()) {
        sb.appendCodePoint(codePoints[id - SPECIALS.size()]);
      }
    }
    return sb.toString();
  }

  /**
   * Writes {@code tokenizer.json} and {@code tokenizer_config.json} (EOS = {@value #EOS}) to {@code
   * dir}.
   */
  public void write(Path dir) throws IOException {
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = json.createObjectNode();
    root.put("version", "1.0");
    root.putNull("truncation");
    root.putNull("padding");
    ArrayNode added = root.putArray("added_tokens");
    for (int i = 0; i < SPECIALS.size(); i++) {
      added
          .addObject()
          .put("id", i)
          .put("content", SPECIALS.get(i))
          .put("single_word", false)
          .put("lstrip", false)
          .put("rstrip", false)
          .put("normalized", false)
          .put("special", true);
    }
    root.putNull("normalizer");
    root.putNull("pre_tokenizer");
    root.putNull("post_processor");
    root.putObject("decoder").put("type", "Fuse");
    ObjectNode model = root.putObject("model");
    model.put("type", "BPE");
    model.putNull("dropout");
    model.put("unk_token", UNK);
    model.putNull("continuing_subword_prefix");
    model.putNull("end_of_word_suffix");
    model.put("fuse_unk", false);
    model.put("byte_fallback", false);
    ObjectNode vocab = model.putObject("vocab");
    for (int i = 0; i < SPECIALS.size(); i++) {
      vocab.put(SPECIALS.get(i), i);
    }
    for (int i = 0; i < codePoints.length; i++) {
      vocab.put(new String(Character.toChars(codePoints[i])), SPECIALS.size() + i);
    }
    model.putArray("merges");
    Files.createDirectories(dir);
    Files.writeString(
        dir.resolve("tokenizer.json"),
        json.writerWithDefaultPrettyPrinter().writeValueAsString(root),
        StandardCharsets.UTF_8);
    Files.writeString(
        dir.resolve("tokenizer_config.json"),
        json.writeValueAsString(
            json.createObjectNode().put("eos_token", EOS).put("pad_token", PAD)),
        StandardCharsets.UTF_8);
  }

  /** Reads the vocabulary {@link #write} wrote to {@code dir}. */
  public static CharVocab read(Path dir) {
    Path file = dir.resolve("tokenizer.json");
    try {
      var vocab = new ObjectMapper().readTree(file.toFile()).path("model").path("vocab");
      int[] cps = new int[Math.max(0, vocab.size() - SPECIALS.size())];
      for (var it = vocab.fields(); it.hasNext(); ) {
        var e = it.next();
        int id = e.getValue().asInt();
        if (id >= SPECIALS.size()) {
          cps[id - SPECIALS.size()] = e.getKey().codePointAt(0);
        }
      }
      return new CharVocab(cps);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          "Cannot read the character vocabulary " + file + ": " + e.getMessage(), e);
    }
  }

  /** The characters (for logs and tests). */
  public List<String> characters() {
    List<String> out = new ArrayList<>();
    for (int cp : codePoints) {
      out.add(new String(Character.toChars(cp)));
    }
    return out;
  }
}
