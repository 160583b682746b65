package org.polyreason.core;

import java.util.UUID;
import org.polyreason.config.Settings;

/** Settings every job shares. */
public record CommonSettings(String warehouse, String dataRoot, String runId, String sparkMaster) {

  public static CommonSettings parse(Settings s) {
    String runId = s.string("polyreason.run-id").strip();
    if (!runId.isEmpty() && !runId.matches("[A-Za-z0-9._-]{1,128}")) {
      throw Settings.bad(
          "polyreason.run-id", runId, "letters, digits, '.', '_' or '-' (at most 128)");
    }
    return new CommonSettings(
        s.nonEmptyString("polyreason.warehouse"),
        s.nonEmptyString("polyreason.data-root"),
        runId.isEmpty() ? UUID.randomUUID().toString() : runId,
        s.string("polyreason.spark-master").strip());
  }
}
