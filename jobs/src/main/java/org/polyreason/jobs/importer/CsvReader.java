package org.polyreason.jobs.importer;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/** A streaming RFC 4180 reader: quoted fields may hold commas, doubled quotes and newlines. */
final class CsvReader {
  private final Reader in;
  private long line = 1;
  private long recordLine = 1;
  private boolean unterminated;
  private int peeked = -2;

  CsvReader(Reader in) {
    this.in = in;
  }

  /** The 1-based line on which the last returned record started. */
  long recordLine() {
    return recordLine;
  }

  boolean unterminated() {
    return unterminated;
  }

  private int read() throws IOException {
    if (peeked != -2) {
      int c = peeked;
      peeked = -2;
      return c;
    }
    return in.read();
  }

  /** The next record, or null at end of input. */
  List<String> next() throws IOException {
    recordLine = line;
    List<String> fields = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    boolean any = false;
    while (true) {
      int c = read();
      if (c == -1) {
        if (quoted) {
          unterminated = true;
        }
        if (!any && fields.isEmpty()) {
          return null;
        }
        fields.add(cur.toString());
        return fields;
      }
      any = true;
      if (quoted) {
        if (c == '"') {
          int n = read();
          if (n == '"') {
            cur.append('"');
          } else {
            quoted = false;
            peeked = n;
          }
        } else {
          if (c == '\n') {
            line++;
          }
          cur.append((char) c);
        }
      } else if (c == '"' && cur.length() == 0) {
        quoted = true;
      } else if (c == ',') {
        fields.add(cur.toString());
        cur.setLength(0);
      } else if (c == '\n') {
        line++;
        fields.add(stripCr(cur));
        return fields;
      } else {
        cur.append((char) c);
      }
    }
  }

  private static String stripCr(StringBuilder sb) {
    int n = sb.length();
    return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
  }
}
