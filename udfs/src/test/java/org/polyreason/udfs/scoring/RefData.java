package org.polyreason.udfs.scoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/** Readers for the reference generations: JSON Lines and RFC 4180 CSV, optionally gzipped. */
public final class RefData {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One s1 trace: language, bare question, full output, gold answer. */
  public record S1Record(String language, String output, String gold) {}

  private RefData() {}

  static Reader open(Path file) throws IOException {
    InputStream in = Files.newInputStream(file);
    if (file.toString().endsWith(".gz")) {
      in = new GZIPInputStream(in, 1 << 16);
    }
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
  }

  /** Every line of a JSON Lines file as a tree. */
  public static List<JsonNode> jsonLines(Path file) {
    List<JsonNode> out = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(open(file))) {
      String line;
      int n = 0;
      while ((line = r.readLine()) != null) {
        n++;
        if (!line.isBlank()) {
          try {
            out.add(JSON.readTree(line));
          } catch (IOException e) {
            throw new UncheckedIOException("Cannot parse " + file + " line " + n, e);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
    return out;
  }

  /**
   * Parses RFC 4180 CSV: fields separated by commas, optionally double-quoted; inside quotes,
   * commas and line breaks are literal and {@code ""} is one quote. Records end at CRLF or LF
   * outside quotes.
   */
  public static List<List<String>> csv(Reader r) throws IOException {
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    boolean any = false;
    int c;
    while ((c = r.read()) != -1) {
      any = true;
      if (quoted) {
        if (c == '"') {
          r.mark(1);
          int next = r.read();
          if (next == '"') {
            field.append('"');
          } else {
            quoted = false;
            if (next != -1) {
              r.reset();
            }
          }
        } else {
          field.append((char) c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        row.add(field.toString());
        field.setLength(0);
      } else if (c == '\n' || c == '\r') {
        if (c == '\r') {
          r.mark(1);
          if (r.read() != '\n') {
            r.reset();
          }
        }
        row.add(field.toString());
        field.setLength(0);
        rows.add(row);
        row = new ArrayList<>();
        any = false;
      } else {
        field.append((char) c);
      }
    }
    if (quoted) {
      throw new IOException("CSV ends inside a quoted field (row " + (rows.size() + 1) + ")");
    }
    if (any) {
      row.add(field.toString());
      rows.add(row);
    }
    return rows;
  }

  /**
   * The s1 records of one setting and language, from the .jsonl.gz or else the .csv.gz (header line
   * optional).
   */
  public static List<S1Record> s1(Path langDir) {
    Path jsonl = langDir.resolve("s1_infer_8000.jsonl.gz");
    List<S1Record> out = new ArrayList<>();
    if (Files.exists(jsonl)) {
      for (JsonNode n : jsonLines(jsonl)) {
        out.add(
            new S1Record(
                n.get("language").asText(),
                n.get("output").asText(),
                n.get("gold_answer").asText()));
      }
      return out;
    }
    Path csv = langDir.resolve("s1_infer_8000.csv.gz");
    try (Reader r = open(csv)) {
      List<List<String>> rows = csv(r);
      // Some partial CSVs have no header line; their columns are in the documented order.
      boolean header = rows.get(0).contains("output");
      List<String> names =
          header ? rows.get(0) : List.of("language", "prompt", "output", "gold_answer");
      Map<String, Integer> col = new HashMap<>();
      for (int i = 0; i < names.size(); i++) {
        col.put(names.get(i), i);
      }
      for (List<String> row : rows.subList(header ? 1 : 0, rows.size())) {
        if (row.size() != names.size()) {
          throw new IOException(
              csv + ": a row has " + row.size() + " fields, expected " + names.size());
        }
        out.add(
            new S1Record(
                row.get(col.get("language")),
                row.get(col.get("output")),
                row.get(col.get("gold_answer"))));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + csv, e);
    }
    return out;
  }
}
