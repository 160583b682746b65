package org.polyreason.udfs.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class RefDataTest {

  @Test
  void csvHandlesQuotesCommasNewlinesAndCrlf() throws IOException {
    String csv =
        "language,prompt,output,gold_answer\r\nte,\"a, b\",\"line1\nline2 \"\"q\"\"\",18\nen,x,,\"7\"";
    List<List<String>> rows = RefData.csv(new StringReader(csv));
    assertThat(rows).hasSize(3);
    assertThat(rows.get(1)).containsExactly("te", "a, b", "line1\nline2 \"q\"", "18");
    assertThat(rows.get(2)).containsExactly("en", "x", "", "7");
  }

  @Test
  void unterminatedQuoteFails() {
    assertThatThrownBy(() -> RefData.csv(new StringReader("a,\"b\n")))
        .isInstanceOf(IOException.class);
  }
}
