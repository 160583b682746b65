package org.polyreason.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** BOM, strict and lenient UTF-8 with the failing line, damaged gzip: the shared text reader. */
class TextFilesTest {
  static List<String> lines(byte[] bytes, String name, boolean strict) throws IOException {
    try (BufferedReader r =
        new BufferedReader(TextFiles.open(new ByteArrayInputStream(bytes), name, strict))) {
      return r.lines().toList();
    }
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      b.writeBytes(p);
    }
    return b.toByteArray();
  }

  static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (GZIPOutputStream g = new GZIPOutputStream(b)) {
      g.write(data);
    }
    return b.toByteArray();
  }

  @Test
  void aByteOrderMarkIsSkippedInPlainAndGzippedFiles() throws IOException {
    byte[] withBom =
        concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, utf8("{\"a\": 1}\nzwei\n"));
    assertThat(lines(withBom, "x.jsonl", true)).containsExactly("{\"a\": 1}", "zwei");
    assertThat(lines(gzip(withBom), "x.jsonl.gz", true)).containsExactly("{\"a\": 1}", "zwei");
    // a U+FEFF later in the text is content, not a BOM
    assertThat(lines(utf8("a\n\uFEFFb\n"), "x.txt", true)).containsExactly("a", "\uFEFFb");
  }

  @Test
  void invalidUtf8IsAnErrorNamingTheFileAndLine() {
    byte[] bad =
        concat(utf8("eins\nzwei\ndrei "), new byte[] {(byte) 0xC3, (byte) 0x28}, utf8("\nvier\n"));
    assertThatThrownBy(() -> lines(bad, "data/mcot_de.json", true))
        .isInstanceOf(UserException.class)
        .hasMessage("File data/mcot_de.json line 3 is not valid UTF-8 (byte 0xC3)");
  }

  @Test
  void theFailingLineIsExactBeyondTheDecoderChunkSize() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 30_000; i++) {
      b.append("line ").append(i).append(" äöü\n");
    }
    byte[] bad = concat(utf8(b.toString()), new byte[] {(byte) 0xFF}, utf8("\n"));
    assertThat(bad.length).as("larger than the 64 KiB buffers").isGreaterThan(3 * 65536);
    assertThatThrownBy(() -> lines(bad, "big.txt", true)).hasMessageContaining("line 30001 ");
  }

  @Test
  void lenientDecodingReplacesAndCountsEachInvalidSequence() throws IOException {
    byte[] bad =
        concat(
            utf8("a"),
            new byte[] {(byte) 0xFF},
            utf8("b\nc"),
            new byte[] {(byte) 0xC3},
            utf8("\n"));
    try (TextFiles.Utf8Reader r = TextFiles.open(new ByteArrayInputStream(bad), "x.txt", false);
        BufferedReader lines = new BufferedReader(r)) {
      assertThat(lines.lines().toList()).containsExactly("a\uFFFDb", "c\uFFFD");
      assertThat(r.replaced()).isEqualTo(2);
    }
  }

  @Test
  void validTextOfEveryLengthDecodesLikeTheJdk() throws IOException {
    long seed = 20261130L;
    Random rnd = new Random(seed);
    String alphabet = "aZ09 \n\té߀😀日本語ম";
    for (int round = 0; round < 50; round++) {
      StringBuilder b = new StringBuilder();
      int n = rnd.nextInt(200_000);
      for (int i = 0; i < n; i++) {
        b.appendCodePoint(
            alphabet.codePointAt(
                alphabet.offsetByCodePoints(
                    0, rnd.nextInt(alphabet.codePointCount(0, alphabet.length())))));
      }
      String text = b.toString();
      StringBuilder got = new StringBuilder();
      try (TextFiles.Utf8Reader r =
          TextFiles.open(new ByteArrayInputStream(utf8(text)), "x", true)) {
        char[] buf = new char[1 + rnd.nextInt(9000)];
        for (int k = r.read(buf); k >= 0; k = r.read(buf)) {
          got.append(buf, 0, k);
        }
      }
      assertThat(got.toString()).as("seed %d round %d", seed, round).isEqualTo(text);
    }
  }

  @Test
  void damagedGzipIsAnErrorNamingTheFile() throws IOException {
    assertThatThrownBy(() -> lines(utf8("not gzip at all"), "out/mcot_de.json.gz", true))
        .isInstanceOf(UserException.class)
        .hasMessageStartingWith(
            "File out/mcot_de.json.gz is damaged at line 1: not valid gzip data");
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 20_000; i++) {
      b.append("{\"question\": \"q").append(i).append("\"}\n");
    }
    byte[] gz = gzip(utf8(b.toString()));
    byte[] truncated = Arrays.copyOf(gz, gz.length / 2);
    assertThatThrownBy(() -> lines(truncated, "out/mcot_de.json.gz", true))
        .isInstanceOf(UserException.class)
        .hasMessageMatching(
            "File out/mcot_de\\.json\\.gz is damaged at line \\d+: not valid gzip data .*");
  }
}
