package org.polyreason.jobs.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Finding 8 of the integrity issue: summary.md escapes Markdown and HTML in every value. */
class SummaryEscapingTest {
  static final String HOSTILE =
      "<script>alert(1)</script>\n# injected heading\n| x | y |\n**bold** [link](http://e) `c`";

  @Test
  void hostileTitlesIdsAndTextsCannotInjectMarkup() {
    Doc doc =
        new Doc(HOSTILE)
            .h(2, HOSTILE)
            .p(HOSTILE)
            .p("- not a list")
            .p("1. not a list either")
            .table(List.of("model", "acc"), List.of(List.of(HOSTILE, "-0.25")))
            .definitions(List.of(Map.entry(HOSTILE, HOSTILE)));
    String md = doc.markdown();
    assertThat(md)
        .doesNotContain("<script>", "**bold**", "[link](", "`c`", "\n# injected", "\n| x | y |");
    assertThat(md)
        .contains(
            "&lt;script&gt;alert(1)&lt;/script&gt; \\# injected heading".replace("\\#", "#"),
            "\\*\\*bold\\*\\* \\[link\\](http://e) \\`c\\`",
            "\\| x \\| y \\|",
            "\n\\- not a list\n",
            "\n1\\. not a list either\n",
            "| -0.25 |");
    // every block stays on its own lines: title, heading, 3 paragraphs, table (3 lines), 1
    // definition
    assertThat(md.lines().filter(l -> !l.isBlank()).count()).isEqualTo(1 + 1 + 3 + 3 + 1);
    assertThat(md.lines().filter(l -> l.startsWith("#")).count()).isEqualTo(2);
  }

  @Test
  void plainValuesStayReadable() {
    assertThat(Doc.md("mcot-7b de 0.53 (n = 250)")).isEqualTo("mcot-7b de 0.53 (n = 250)");
    assertThat(Doc.md(null)).isEmpty();
  }
}
