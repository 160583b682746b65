package org.polyreason.jobs.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.BiConsumer;
import org.polyreason.common.UserException;
import org.polyreason.udfs.scoring.GoldAnswer;

/** Shared parsing for benchmark readers: lines with numbers, JSON records, required fields. */
final class Records {
  static final ObjectMapper JSON = new ObjectMapper();

  private Records() {}

  /** Calls {@code onLine(lineNumber, line)} for every line (1-based); an empty file is an error. */
  static void lines(
      SourceFiles files, String file, String benchmark, BiConsumer<Long, String> onLine) {
    try (BufferedReader r = files.open(file)) {
      long n = 0;
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        n++;
        if (n == 1 && line.startsWith("\uFEFF")) {
          line = line.substring(1);
        }
        onLine.accept(n, line);
      }
      if (n == 0) {
        throw new UserException("Cannot read benchmark " + benchmark + ": " + file + " is empty");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
  }

  /** Reads a JSON Lines file; blank lines are errors (they usually mean a broken export). */
  static void jsonLines(
      SourceFiles files, String file, String benchmark, BiConsumer<Long, JsonNode> onRecord) {
    lines(
        files,
        file,
        benchmark,
        (n, line) -> {
          if (line.isBlank()) {
            throw new UserException(
                "Cannot read benchmark "
                    + benchmark
                    + ": "
                    + file
                    + " line "
                    + n
                    + " is blank, expected one JSON object per line");
          }
          JsonNode node;
          try {
            node = JSON.readTree(line);
          } catch (JsonProcessingException e) {
            throw new UserException(
                "Cannot read benchmark "
                    + benchmark
                    + ": "
                    + file
                    + " line "
                    + n
                    + " is not valid JSON ("
                    + e.getOriginalMessage()
                    + " at column "
                    + e.getLocation().getColumnNr()
                    + ")");
          }
          if (!node.isObject()) {
            throw new UserException(
                "Cannot read benchmark "
                    + benchmark
                    + ": "
                    + file
                    + " line "
                    + n
                    + " is a JSON "
                    + node.getNodeType().name().toLowerCase()
                    + ", expected an object");
          }
          onRecord.accept(n, node);
        });
  }

  /** Reads a file holding one JSON array of objects; reports each element's starting line. */
  static void jsonArray(
      SourceFiles files, String file, String benchmark, BiConsumer<Long, JsonNode> onRecord) {
    try (BufferedReader r = files.open(file);
        JsonParser p = JSON.getFactory().createParser(r)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        throw new UserException("Cannot read benchmark " + benchmark + ": " + file + " is empty");
      }
      if (first != JsonToken.START_ARRAY) {
        throw new UserException(
            "Cannot read benchmark "
                + benchmark
                + ": "
                + file
                + " line "
                + p.currentTokenLocation().getLineNr()
                + " starts with "
                + first
                + ", expected a JSON array");
      }
      while (p.nextToken() == JsonToken.START_OBJECT) {
        long line = p.currentTokenLocation().getLineNr();
        JsonNode node = JSON.readTree(p);
        onRecord.accept(line, node);
      }
      if (p.currentToken() != JsonToken.END_ARRAY) {
        throw new UserException(
            "Cannot read benchmark "
                + benchmark
                + ": "
                + file
                + " line "
                + p.currentTokenLocation().getLineNr()
                + " has "
                + p.currentToken()
                + ", expected an object or ]");
      }
    } catch (JsonProcessingException e) {
      throw new UserException(
          "Cannot read benchmark "
              + benchmark
              + ": "
              + file
              + " line "
              + e.getLocation().getLineNr()
              + " is not valid JSON ("
              + e.getOriginalMessage()
              + ")");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
  }

  /** A required field as text (numbers are rendered as written); missing or null is an error. */
  static String field(JsonNode node, String name, String benchmark, String file, long line) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull() || v.isContainerNode()) {
      List<String> present = new ArrayList<>();
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        present.add(it.next());
      }
      throw new UserException(
          "Cannot read benchmark "
              + benchmark
              + ": "
              + file
              + " line "
              + line
              + (v == null || v.isNull() ? " has no field " : " has a non-scalar field ")
              + name
              + "; fields present: "
              + String.join(", ", present));
    }
    return v.asText();
  }

  /** Builds a record with the answer normalised; an empty question or answer is an error. */
  static ProblemRecord problem(
      String benchmark,
      String id,
      String lang,
      String question,
      String rawAnswer,
      String subset,
      String level,
      String file,
      long line) {
    if (question.isBlank()) {
      throw new UserException(
          "Cannot read benchmark "
              + benchmark
              + ": "
              + file
              + " line "
              + line
              + " has an empty question");
    }
    if (rawAnswer.isBlank()) {
      throw new UserException(
          "Cannot read benchmark "
              + benchmark
              + ": "
              + file
              + " line "
              + line
              + " has an empty answer");
    }
    GoldAnswer.Normalized a = GoldAnswer.normalize(rawAnswer);
    return new ProblemRecord(
        benchmark, id, lang, question, a.text(), a.kind(), rawAnswer, subset, level, file, line);
  }
}
