package org.polyreason.common;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Every text file polyreason reads goes through here: a UTF-8 byte-order mark is skipped, {@code
 * .gz} is gunzipped, and damaged input is a {@link UserException} naming the file and line, never
 * silent: invalid UTF-8 fails (strict) or becomes U+FFFD and is counted (lenient); a corrupt or
 * truncated gzip stream fails with the line it stopped at.
 */
public final class TextFiles {
  private TextFiles() {}

  /** A strict reader of a local file (gunzipped when its name ends in .gz). */
  public static BufferedReader open(Path file) throws IOException {
    return new BufferedReader(open(Files.newInputStream(file), file.toString(), true), 1 << 16);
  }

  /**
   * Wraps {@code raw} (closed with the reader): gunzips when {@code name} ends in .gz, skips a BOM
   * and decodes UTF-8, strictly or replacing invalid sequences by U+FFFD.
   */
  public static Utf8Reader open(InputStream raw, String name, boolean strict) {
    InputStream in = raw;
    if (name.endsWith(".gz")) {
      try {
        in = new GZIPInputStream(raw, 1 << 16);
      } catch (IOException e) {
        closeQuietly(raw);
        throw damaged(name, 1, e);
      }
    }
    return new Utf8Reader(in, name, strict);
  }

  static UserException damaged(String name, long line, IOException e) {
    String what = name.endsWith(".gz") ? "not valid gzip data" : "unreadable";
    return new UserException(
        "File "
            + name
            + " is damaged at line "
            + line
            + ": "
            + what
            + " ("
            + e.getClass().getSimpleName()
            + ": "
            + e.getMessage()
            + ")",
        e);
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException ignored) {
      // the original error is the one to report
    }
  }

  /** The decoding reader; {@link #replaced()} counts invalid sequences replaced in lenient mode. */
  public static final class Utf8Reader extends Reader {
    private final InputStream in;
    private final String name;
    private final boolean strict;
    private final CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteBuffer bytes = ByteBuffer.allocate(1 << 16);
    private final CharBuffer chars = CharBuffer.allocate(1 << 16);
    private boolean eof;
    private boolean flushed;
    private boolean started;
    private long newlines;
    private long replaced;

    Utf8Reader(InputStream in, String name, boolean strict) {
      this.in = in;
      this.name = name;
      this.strict = strict;
      bytes.flip();
      chars.flip();
    }

    public long replaced() {
      return replaced;
    }

    @Override
    public int read(char[] buf, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      while (!chars.hasRemaining()) {
        if (!fill()) {
          return -1;
        }
      }
      int n = Math.min(len, chars.remaining());
      chars.get(buf, off, n);
      return n;
    }

    /** Decodes the next chunk into {@code chars}; false at the end of input. */
    private boolean fill() throws IOException {
      chars.clear();
      if (flushed) {
        chars.flip();
        return false;
      }
      while (chars.position() == 0) {
        if (!eof && bytes.remaining() < 4) {
          bytes.compact();
          int n;
          try {
            n = in.read(bytes.array(), bytes.position(), bytes.remaining());
          } catch (IOException e) {
            throw damaged(name, newlines + countNewlines(0) + 1, e);
          }
          if (n < 0) {
            eof = true;
          } else {
            bytes.position(bytes.position() + n);
          }
          bytes.flip();
        }
        CoderResult r = decoder.decode(bytes, chars, eof);
        if (r.isError()) {
          if (strict) {
            long line = newlines + countNewlines(0) + 1;
            throw new UserException(
                "File "
                    + name
                    + " line "
                    + line
                    + " is not valid UTF-8 (byte 0x"
                    + String.format("%02X", bytes.get(bytes.position()) & 0xff)
                    + ")");
          }
          if (chars.remaining() == 0) {
            break; // room for the replacement next time
          }
          bytes.position(bytes.position() + r.length());
          chars.put('\uFFFD');
          replaced++;
        } else if (eof && r.isUnderflow()) {
          decoder.flush(chars);
          flushed = true;
          break;
        }
      }
      newlines += countNewlines(0);
      chars.flip();
      if (!started && chars.hasRemaining()) {
        started = true;
        if (chars.get(chars.position()) == '\uFEFF') {
          chars.get();
        }
      }
      return chars.hasRemaining();
    }

    private long countNewlines(int from) {
      long n = 0;
      for (int i = from; i < chars.position(); i++) {
        if (chars.get(i) == '\n') {
          n++;
        }
      }
      return n;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
