package org.polyreason.jobs.ingest;

import java.util.ArrayList;
import java.util.List;

/**
 * A user-described JSON Lines benchmark: {@code path} with a {@code {lang}} placeholder and the
 * names of its id, question, answer and (optional) subset fields. An empty id field numbers records
 * by line.
 */
record GenericJsonlReader(
    String name,
    String path,
    List<String> languages,
    String idField,
    String questionField,
    String answerField,
    String subsetField)
    implements BenchmarkReader {

  @Override
  public List<String> availableLanguages(SourceFiles files) {
    List<String> present = new ArrayList<>();
    for (String lang : languages) {
      if (files.exists(path.replace("{lang}", lang))) {
        present.add(lang);
      }
    }
    return present;
  }

  @Override
  public List<ProblemRecord> read(SourceFiles files, String lang) {
    String file = path.replace("{lang}", lang);
    List<ProblemRecord> out = new ArrayList<>();
    Records.jsonLines(
        files,
        file,
        name,
        (n, node) -> {
          String id =
              idField.isEmpty()
                  ? String.valueOf(out.size())
                  : Records.field(node, idField, name, file, n);
          String subset =
              subsetField.isEmpty() ? null : Records.field(node, subsetField, name, file, n);
          out.add(
              Records.problem(
                  name,
                  id,
                  lang,
                  Records.field(node, questionField, name, file, n),
                  Records.field(node, answerField, name, file, n),
                  subset,
                  null,
                  file,
                  n));
        });
    return out;
  }
}
