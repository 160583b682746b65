package org.polyreason.jobs.importer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Serializable;
import java.util.List;
import java.util.function.Consumer;

/** A parser of one kind of external model-output file. Runs on executors, one file per task. */
public interface ImportFormat extends Serializable {
  String name();

  /**
   * Streams the records of one file to {@code out}; a malformed line becomes a {@link
   * ImportedRecord#malformed} record rather than an exception, so that every bad line is counted.
   *
   * @param file the file's display name (used in messages and for the language in the name)
   */
  void parse(String file, BufferedReader reader, Consumer<ImportedRecord> out) throws IOException;

  /** Formats known to the import job. */
  static List<String> names() {
    return List.of("mcot", "s1", "lm-eval", "jsonl", "verl-rollouts", "verl-generation");
  }
}
