package org.polyreason.jobs.importer;

import java.io.Serializable;

/**
 * One model output read from an external file, before it is matched to a problem. Either a parsed
 * record or, when {@code parseError} is set, a malformed line kept for reporting (file:line).
 *
 * @param lang question language from the record, the file name, or null (then the configured
 *     default)
 * @param problemId the benchmark's problem id when the file carries one, else null (match by
 *     question)
 * @param question the bare question text, for matching by text
 * @param prompt the full prompt the model saw (part of sample_key), or null = question
 * @param step the trainer's step (verl rollout dumps), else null
 * @param answer the reference answer the record carries (verl's gts / ground_truth), else null
 */
public record ImportedRecord(
    String sourceFile,
    long sourceLine,
    String lang,
    String problemId,
    String question,
    String prompt,
    String text,
    int sampleIdx,
    String thinkLang,
    String parseError,
    Long step,
    String answer)
    implements Serializable {

  ImportedRecord(
      String sourceFile,
      long sourceLine,
      String lang,
      String problemId,
      String question,
      String prompt,
      String text,
      int sampleIdx,
      String thinkLang,
      String parseError) {
    this(
        sourceFile,
        sourceLine,
        lang,
        problemId,
        question,
        prompt,
        text,
        sampleIdx,
        thinkLang,
        parseError,
        null,
        null);
  }

  static ImportedRecord malformed(String file, long line, String error) {
    return new ImportedRecord(file, line, null, null, null, null, null, 0, null, error);
  }
}
