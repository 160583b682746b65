package org.polyreason.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * {@code sample_key}: what identifies one sample, hashed (SHA-256) over length-prefixed fields so
 * that no two different tuples produce the same byte stream.
 *
 * <ul>
 *   <li>Generated ({@link #of}): model id, model revision, template id, prompt text, sampling
 *       parameters, sample index, seed. Generation is idempotent and resumable: a rerun computes
 *       the requested keys, anti-joins those already stored and generates only the missing ones.
 *       The model id is part of it because two ids may serve the same files (same revision) and are
 *       still two models with two rows each in generations and scores.
 *   <li>Imported ({@link #ofImport}): model, revision, benchmark, problem id, question language,
 *       reasoning language, sample index: the problem, not the prompt text, since different
 *       problems may share a text and a record matched by id may carry no text at all.
 * </ul>
 *
 * The per-sample seed derived from the run seed and the key is {@link
 * org.polyreason.inference.Sampler#seedFor}.
 */
public final class SampleKey {
  private SampleKey() {}

  public static String of(
      String modelId,
      String modelRevision,
      String templateId,
      String promptText,
      double temperature,
      double topP,
      int topK,
      int maxNewTokens,
      int sampleIdx,
      long seed) {
    return hash(
        "generate",
        modelId,
        modelRevision,
        templateId,
        promptText,
        Double.toString(temperature),
        Double.toString(topP),
        Integer.toString(topK),
        Integer.toString(maxNewTokens),
        Integer.toString(sampleIdx),
        Long.toString(seed));
  }

  public static String ofImport(
      String model,
      String revision,
      String benchmark,
      String problemId,
      String lang,
      String thinkLang,
      int sampleIdx) {
    return hash(
        "import",
        model,
        revision,
        benchmark,
        problemId,
        lang,
        thinkLang,
        Integer.toString(sampleIdx));
  }

  /**
   * An imported trainer rollout: as {@link #ofImport(String, String, String, String, String,
   * String, int)} plus the trainer's step (the same prompt and sample index recur every step); a
   * null step gives the plain import key.
   */
  public static String ofImport(
      String model,
      String revision,
      String benchmark,
      String problemId,
      String lang,
      String thinkLang,
      int sampleIdx,
      Long step) {
    return step == null
        ? ofImport(model, revision, benchmark, problemId, lang, thinkLang, sampleIdx)
        : hash(
            "import",
            model,
            revision,
            benchmark,
            problemId,
            lang,
            thinkLang,
            Integer.toString(sampleIdx),
            "step",
            Long.toString(step));
  }

  private static String hash(String... fields) {
    MessageDigest md = sha256();
    for (String field : fields) {
      byte[] b = (field == null ? "\u0000null" : field).getBytes(StandardCharsets.UTF_8);
      md.update(Integer.toString(b.length).getBytes(StandardCharsets.US_ASCII));
      md.update((byte) ':');
      md.update(b);
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
