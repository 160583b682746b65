package org.polyreason.jobs.importer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The import formats: mCoT outputs, s1 language-forcing traces, lm-evaluation-harness samples,
 * generic JSONL.
 */
final class Formats {
  static final ObjectMapper JSON = new ObjectMapper();

  private Formats() {}

  static ImportFormat of(String name, Map<String, String> jsonlFields) {
    return switch (name) {
      case "mcot" -> new Mcot();
      case "s1" -> new S1();
      case "lm-eval" -> new LmEval();
      case "jsonl" -> new Jsonl(Map.copyOf(jsonlFields));
      case "verl-rollouts" -> new VerlFormats.Rollouts();
      default -> throw new IllegalArgumentException(name);
    };
  }

  /**
   * Calls {@code onObject} for each non-blank line that parses as a JSON object; others become
   * malformed records.
   */
  static void jsonLines(
      String file, BufferedReader r, Consumer<ImportedRecord> out, JsonRecordHandler onObject)
      throws IOException {
    long n = 0;
    for (String line = r.readLine(); line != null; line = r.readLine()) {
      n++;
      if (line.isBlank()) {
        continue;
      }
      JsonNode node;
      try {
        node = JSON.readTree(line);
      } catch (IOException e) {
        out.accept(
            ImportedRecord.malformed(file, n, "not valid JSON: " + firstLine(e.getMessage())));
        continue;
      }
      if (!node.isObject()) {
        out.accept(
            ImportedRecord.malformed(
                file, n, "a JSON " + node.getNodeType() + ", expected an object"));
        continue;
      }
      try {
        onObject.handle(n, node);
      } catch (MissingField e) {
        out.accept(ImportedRecord.malformed(file, n, e.getMessage()));
      }
    }
  }

  interface JsonRecordHandler {
    void handle(long line, JsonNode node);
  }

  /** A record lacks a field the format needs (reported as a malformed line). */
  static final class MissingField extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MissingField(String message) {
      super(message);
    }
  }

  static String text(JsonNode node, String field) {
    JsonNode v = field == null || field.isEmpty() ? null : node.get(field);
    if (v == null || v.isNull()) {
      throw new MissingField("no field " + field);
    }
    return v.isValueNode() ? v.asText() : v.toString();
  }

  static String optionalText(JsonNode node, String field) {
    JsonNode v = field == null || field.isEmpty() ? null : node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /**
   * mCoT (laihuiyuan/mCoT outputs): {question = "Question:\n…\nAnswer:\n<trigger>", response, …}.
   */
  static final class Mcot implements ImportFormat {
    private static final long serialVersionUID = 1L;
    private static final Pattern WRAPPED =
        Pattern.compile("^Question:\\n(.*?)\\nAnswer:\\n", Pattern.DOTALL);

    public String name() {
      return "mcot";
    }

    public void parse(String file, BufferedReader r, Consumer<ImportedRecord> out)
        throws IOException {
      jsonLines(
          file,
          r,
          out,
          (n, node) -> {
            String prompt = text(node, "question");
            Matcher m = WRAPPED.matcher(prompt);
            String question = m.find() ? m.group(1) : prompt;
            out.accept(
                new ImportedRecord(
                    file, n, null, null, question, prompt, text(node, "response"), 0, null, null));
          });
    }
  }

  /**
   * s1 language forcing: JSON Lines or CSV with {language, prompt (bare question), output
   * (transcript), gold_answer}.
   */
  static final class S1 implements ImportFormat {
    private static final long serialVersionUID = 1L;
    static final List<String> HEADER = List.of("language", "prompt", "output", "gold_answer");

    public String name() {
      return "s1";
    }

    public void parse(String file, BufferedReader r, Consumer<ImportedRecord> out)
        throws IOException {
      if (file.endsWith(".csv") || file.endsWith(".csv.gz")) {
        parseCsv(file, r, out);
        return;
      }
      jsonLines(
          file,
          r,
          out,
          (n, node) ->
              out.accept(
                  new ImportedRecord(
                      file,
                      n,
                      optionalText(node, "language"),
                      null,
                      text(node, "prompt"),
                      text(node, "prompt"),
                      text(node, "output"),
                      0,
                      null,
                      null)));
    }

    private void parseCsv(String file, BufferedReader r, Consumer<ImportedRecord> out)
        throws IOException {
      CsvReader csv = new CsvReader(r);
      boolean first = true;
      for (List<String> row = csv.next(); row != null; row = csv.next()) {
        long line = csv.recordLine();
        if (first && row.equals(HEADER)) {
          first = false;
          continue; // header line (some files have none)
        }
        first = false;
        if (row.size() != 4) {
          out.accept(
              ImportedRecord.malformed(
                  file,
                  line,
                  row.size() + " columns, expected 4 (" + String.join(",", HEADER) + ")"));
          continue;
        }
        out.accept(
            new ImportedRecord(
                file, line, row.get(0), null, row.get(1), row.get(1), row.get(2), 0, null, null));
      }
      if (csv.unterminated()) {
        out.accept(
            ImportedRecord.malformed(
                file, csv.recordLine(), "unterminated quoted field at end of file"));
      }
    }
  }

  /**
   * lm-evaluation-harness {@code samples_<task>_<time>.jsonl}: doc_id, doc, arguments, resps (k
   * samples).
   */
  static final class LmEval implements ImportFormat {
    private static final long serialVersionUID = 1L;

    public String name() {
      return "lm-eval";
    }

    public void parse(String file, BufferedReader r, Consumer<ImportedRecord> out)
        throws IOException {
      jsonLines(
          file,
          r,
          out,
          (n, node) -> {
            String docId = text(node, "doc_id");
            JsonNode doc = node.path("doc");
            String question =
                doc.path("question").isTextual() ? doc.get("question").asText() : null;
            String prompt = prompt(node.get("arguments"));
            JsonNode resps = node.get("resps");
            if (resps == null || !resps.isArray() || resps.isEmpty()) {
              throw new MissingField("no responses in field resps");
            }
            List<String> samples = new ArrayList<>();
            JsonNode first = resps.get(0);
            for (JsonNode s : first.isArray() ? first : resps) {
              samples.add(s.isValueNode() ? s.asText() : s.toString());
            }
            for (int i = 0; i < samples.size(); i++) {
              out.accept(
                  new ImportedRecord(
                      file,
                      n,
                      null,
                      docId,
                      question,
                      prompt != null ? prompt : question,
                      samples.get(i),
                      i,
                      null,
                      null));
            }
          });
    }

    /**
     * arguments is [[prompt, {gen args}]] in older versions, {gen_args_0: {arg_0: prompt}} in newer
     * ones.
     */
    private static String prompt(JsonNode args) {
      if (args == null) {
        return null;
      }
      JsonNode first = args.isArray() ? args.path(0) : args.path("gen_args_0");
      JsonNode p = first.isArray() ? first.path(0) : first.path("arg_0");
      return p.isTextual() ? p.asText() : null;
    }
  }

  /**
   * Generic JSON Lines with a configured field mapping (keys: problem-id, question, prompt, text,
   * lang, sample-idx, think-lang).
   */
  record Jsonl(Map<String, String> fields) implements ImportFormat {
    public String name() {
      return "jsonl";
    }

    public void parse(String file, BufferedReader r, Consumer<ImportedRecord> out)
        throws IOException {
      jsonLines(
          file,
          r,
          out,
          (n, node) -> {
            String idx = optionalText(node, fields.get("sample-idx"));
            int sampleIdx;
            try {
              sampleIdx = idx == null ? 0 : Integer.parseInt(idx.strip());
            } catch (NumberFormatException e) {
              throw new MissingField(
                  "field " + fields.get("sample-idx") + " = " + idx + " is not an integer");
            }
            String question = optionalText(node, fields.get("question"));
            String problemId = optionalText(node, fields.get("problem-id"));
            if (question == null && problemId == null) {
              throw new MissingField(
                  "neither field "
                      + fields.get("problem-id")
                      + " nor field "
                      + fields.get("question"));
            }
            String prompt = optionalText(node, fields.get("prompt"));
            out.accept(
                new ImportedRecord(
                    file,
                    n,
                    optionalText(node, fields.get("lang")),
                    problemId,
                    question,
                    prompt != null ? prompt : question,
                    text(node, fields.get("text")),
                    sampleIdx,
                    optionalText(node, fields.get("think-lang")),
                    null));
          });
    }
  }
}
