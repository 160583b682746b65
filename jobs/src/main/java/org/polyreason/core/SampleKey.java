package org.polyreason.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * {@code sample_key} = SHA-256 over (model revision, template id, prompt text, sampling parameters,
 * sample index, seed). It makes generation idempotent and resumable: a rerun computes the requested
 * keys, anti-joins those already stored and generates only the missing ones. Fields are length-prefixed
 * so that no two different tuples can produce the same byte stream. The per-sample seed derived from
 * the run seed and the key is {@link org.polyreason.inference.Sampler#seedFor}.
 */
public final class SampleKey {
  private SampleKey() {}

  public static String of(String modelRevision, String templateId, String promptText, double temperature,
      double topP, int topK, int maxNewTokens, int sampleIdx, long seed) {
    MessageDigest md = sha256();
    for (String field : new String[] {
        modelRevision, templateId, promptText, Double.toString(temperature), Double.toString(topP),
        Integer.toString(topK), Integer.toString(maxNewTokens), Integer.toString(sampleIdx), Long.toString(seed)}) {
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
