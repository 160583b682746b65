package org.polyreason.jobs.report;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The report's content as a list of blocks, rendered twice: self-contained HTML (figures as base64
 * PNG data URIs, inline CSS, nothing fetched) and Markdown (figures linked from figures/).
 */
final class Doc {
  sealed interface Block permits Heading, Para, Table, Fig, DefList {}

  record Heading(int level, String text) implements Block {}

  record Para(String text) implements Block {}

  record Table(List<String> header, List<List<String>> rows) implements Block {}

  record Fig(Figure figure, byte[] png) implements Block {}

  record DefList(List<java.util.Map.Entry<String, String>> items) implements Block {}

  private final String title;
  private final List<Block> blocks = new ArrayList<>();

  Doc(String title) {
    this.title = title;
  }

  Doc h(int level, String text) {
    blocks.add(new Heading(level, text));
    return this;
  }

  Doc p(String text) {
    blocks.add(new Para(text));
    return this;
  }

  Doc table(List<String> header, List<List<String>> rows) {
    blocks.add(new Table(List.copyOf(header), List.copyOf(rows)));
    return this;
  }

  Doc figure(Figure f, byte[] png) {
    blocks.add(new Fig(f, png));
    return this;
  }

  Doc definitions(List<java.util.Map.Entry<String, String>> items) {
    blocks.add(new DefList(items));
    return this;
  }

  static String esc(String s) {
    return s == null
        ? ""
        : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  String html() {
    StringBuilder b = new StringBuilder();
    b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
        .append(esc(title))
        .append("</title>\n<style>\n")
        .append(
            "body{font-family:'Noto Sans','Noto Sans CJK JP','Noto Sans Bengali',sans-serif;margin:2em;color:#222;max-width:1200px}\n")
        .append("table{border-collapse:collapse;margin:0.5em 0 1.5em;font-size:0.9em}\n")
        .append(
            "th,td{border:1px solid #ccc;padding:3px 7px;text-align:right}th{background:#f0f0f0}\n")
        .append(
            "td:first-child,th:first-child{text-align:left}\nfigure{margin:1em 0}img{max-width:100%}\n")
        .append("figcaption{font-size:0.85em;color:#555}\ndt{font-weight:bold;margin-top:0.5em}\n")
        .append("</style>\n</head>\n<body>\n<h1>")
        .append(esc(title))
        .append("</h1>\n");
    for (Block block : blocks) {
      if (block instanceof Heading hd) {
        b.append("<h")
            .append(hd.level())
            .append(">")
            .append(esc(hd.text()))
            .append("</h")
            .append(hd.level())
            .append(">\n");
      } else if (block instanceof Para p) {
        b.append("<p>").append(esc(p.text())).append("</p>\n");
      } else if (block instanceof Table t) {
        b.append("<table>\n<tr>");
        t.header().forEach(x -> b.append("<th>").append(esc(x)).append("</th>"));
        b.append("</tr>\n");
        for (List<String> row : t.rows()) {
          b.append("<tr>");
          row.forEach(x -> b.append("<td>").append(esc(x)).append("</td>"));
          b.append("</tr>\n");
        }
        b.append("</table>\n");
      } else if (block instanceof Fig f) {
        b.append("<figure id=\"")
            .append(esc(f.figure().name()))
            .append("\"><img alt=\"")
            .append(esc(f.figure().name()))
            .append("\" width=\"")
            .append(f.figure().width())
            .append("\" src=\"data:image/png;base64,")
            .append(Base64.getEncoder().encodeToString(f.png()))
            .append("\"><figcaption>")
            .append(esc(f.figure().caption()))
            .append("</figcaption></figure>\n");
      } else if (block instanceof DefList d) {
        b.append("<dl>\n");
        d.items()
            .forEach(
                e ->
                    b.append("<dt>")
                        .append(esc(e.getKey()))
                        .append("</dt><dd>")
                        .append(esc(e.getValue()))
                        .append("</dd>\n"));
        b.append("</dl>\n");
      }
    }
    return b.append("</body>\n</html>\n").toString();
  }

  /** summary.md: every value escaped ({@link #md}), so titles and ids cannot inject markup. */
  String markdown() {
    StringBuilder b = new StringBuilder("# ").append(md(title)).append("\n\n");
    for (Block block : blocks) {
      if (block instanceof Heading hd) {
        b.append("#".repeat(hd.level())).append(' ').append(md(hd.text())).append("\n\n");
      } else if (block instanceof Para p) {
        b.append(mdBlock(p.text())).append("\n\n");
      } else if (block instanceof Table t) {
        b.append(row(t.header())).append("|").append("---|".repeat(t.header().size())).append('\n');
        t.rows().forEach(r -> b.append(row(r)));
        b.append('\n');
      } else if (block instanceof Fig f) {
        String name = f.figure().name(); // already [a-z0-9._-] (FileNames)
        b.append("![")
            .append(md(f.figure().name()))
            .append("](figures/")
            .append(name)
            .append(".png) — ")
            .append(md(f.figure().caption()))
            .append(" ([SVG](figures/")
            .append(name)
            .append(".svg))\n\n");
      } else if (block instanceof DefList d) {
        d.items()
            .forEach(
                e ->
                    b.append("- **")
                        .append(md(e.getKey()))
                        .append("**: ")
                        .append(md(e.getValue()))
                        .append('\n'));
        b.append('\n');
      }
    }
    return b.toString();
  }

  private static String row(List<String> cells) {
    StringBuilder b = new StringBuilder("|");
    cells.forEach(c -> b.append(' ').append(md(c)).append(" |"));
    return b.append('\n').toString();
  }

  /**
   * One Markdown inline value: line breaks become spaces (a value never starts a new block), HTML
   * is escaped as entities and Markdown's punctuation ({@code \ ` * _ [ ] | ~}) is
   * backslash-escaped.
   */
  static String md(String s) {
    if (s == null) {
      return "";
    }
    String flat = s.replaceAll("[\\r\\n\\u2028\\u2029]+", " ");
    StringBuilder b = new StringBuilder(flat.length() + 8);
    for (int i = 0; i < flat.length(); i++) {
      char c = flat.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\\', '`', '*', '_', '[', ']', '|', '~' -> b.append('\\').append(c);
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  /**
   * {@link #md} for a value that starts a line: a leading #, +, - or 1. cannot open a heading or
   * list.
   */
  static String mdBlock(String s) {
    String out = md(s);
    if (out.startsWith("#") || out.startsWith("+") || out.startsWith("-")) {
      return "\\" + out;
    }
    java.util.regex.Matcher ordered = java.util.regex.Pattern.compile("^(\\d+)[.)]").matcher(out);
    return ordered.find()
        ? ordered.group(1) + "\\" + out.substring(ordered.group(1).length())
        : out;
  }
}
