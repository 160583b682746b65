package org.polyreason.udfs.language;

/**
 * The letters of a stretch of text, counted per script in one pass, with a bounded sample for the
 * Latin-script detector.
 *
 * <p>What does not vote is skipped, not copied: chat control tokens ({@code <|…|>}), think tags,
 * code blocks ({@code ```…```}), {@code \boxed{…}}, display and inline maths ({@code $$…$$}, {@code
 * $…$} within a line, {@code \[…\]}, {@code \(…\)}), LaTeX command names and URLs; digits,
 * punctuation and symbols are not letters. A maths or code span that is never closed is not skipped
 * (its delimiter is read as a symbol), as with the regular expressions this replaces.
 *
 * <p>The sample: {@value #WINDOWS} windows of {@value #WINDOW} characters spread evenly from the
 * start to the end of the stretch (the whole stretch when it is shorter), holding its letters
 * (Latin ones in lower case) with one space for any run of non-letters (what the detector reads).
 * The work is one pass over the characters plus at most {@value #WINDOWS} × {@value #WINDOW}
 * characters copied.
 */
public final class TextProfile {
  /** Windows of the sample. */
  public static final int WINDOWS = 6;

  /** Characters of the text per window. */
  public static final int WINDOW = 200;

  private final int[] letters = new int[Scripts.COUNT];
  private int total;

  private final StringBuilder[] windows;
  private final int[] windowLatin;

  private TextProfile(int windowCount) {
    windows = new StringBuilder[windowCount];
    windowLatin = new int[windowCount];
    for (int w = 0; w < windowCount; w++) {
      windows[w] = new StringBuilder(WINDOW + 16);
    }
  }

  /** The profile of the whole {@code text}. */
  public static TextProfile of(String text) {
    return of(text, 0, text.length());
  }

  /** The profile of {@code text[from, to)}. */
  public static TextProfile of(String text, int from, int to) {
    int len = to - from;
    int count = len <= WINDOWS * WINDOW ? 1 : WINDOWS;
    TextProfile p = new TextProfile(count);
    int[] starts = new int[count];
    int[] ends = new int[count];
    if (count == 1) {
      starts[0] = from;
      ends[0] = to;
    } else {
      for (int w = 0; w < count; w++) {
        starts[w] = from + (int) ((long) (len - WINDOW) * w / (count - 1));
        ends[w] = starts[w] + WINDOW;
      }
    }
    new Scan(text, from, to, p, starts, ends).run(from);
    return p;
  }

  /** Letters of script {@code id} ({@link Scripts}). */
  public int letters(int id) {
    return letters[id];
  }

  /** All letters. */
  public int total() {
    return total;
  }

  /** Letters of the scripts of language {@code code}; -1 for a code not in the table. */
  public int lettersOf(String code) {
    int[] ids = Scripts.ofLanguage(code);
    if (ids == null) {
      return -1;
    }
    int n = 0;
    for (int id : ids) {
      n += letters[id];
    }
    return n;
  }

  /** Number of sample windows. */
  public int windowCount() {
    return windows.length;
  }

  /**
   * Window {@code w} of the sample: letters (Latin ones lower-cased), single spaces between words.
   */
  public CharSequence window(int w) {
    return windows[w];
  }

  private double[][] windowScores;
  private int[] windowTrigrams;

  /** Scores every window with {@link LatinDetector}, once per profile. */
  private void scoreWindows() {
    if (windowScores != null) {
      return;
    }
    windowScores = new double[windows.length][LatinDetector.LANGUAGES.size()];
    windowTrigrams = new int[windows.length];
    for (int w = 0; w < windows.length; w++) {
      windowTrigrams[w] = LatinDetector.score(windows[w], windowScores[w]);
    }
  }

  /** The Latin-script language of window {@code w}, or null when it is too short to decide. */
  public String windowLanguage(int w) {
    scoreWindows();
    return LatinDetector.best(windowScores[w], windowTrigrams[w]);
  }

  /** The Latin-script language of all windows together, or null when too short to decide. */
  public String latinLanguage() {
    scoreWindows();
    double[] sum = new double[LatinDetector.LANGUAGES.size()];
    int trigrams = 0;
    for (int w = 0; w < windows.length; w++) {
      trigrams += windowTrigrams[w];
      for (int l = 0; l < sum.length; l++) {
        sum[l] += windowScores[w][l];
      }
    }
    return LatinDetector.best(sum, trigrams);
  }

  /** Latin letters in window {@code w}. */
  public int windowLatin(int w) {
    return windowLatin[w];
  }

  /** The scanner; one per call, no state kept after it but a per-thread scratch array. */
  private static final class Scan {
    private static final ThreadLocal<char[]> BUFFER =
        ThreadLocal.withInitial(() -> new char[1 << 14]);

    private static final byte OTHER = 0;
    private static final byte LETTER = 1;
    private static final byte OPENER = 2;

    private static final String[] ROLES = {"assistant", "answer", "think", "system", "user"};

    /** What an ASCII character is to the scanner. */
    private static final byte[] ASCII = new byte[128];

    static {
      for (char c = 'a'; c <= 'z'; c++) {
        ASCII[c] = LETTER;
        ASCII[Character.toUpperCase(c)] = LETTER;
      }
      for (char c : new char[] {'\\', '$', '<', '`', ':'}) {
        ASCII[c] = OPENER;
      }
    }

    /** Longer scratch arrays are dropped after use rather than kept for the thread. */
    private static final int MAX_KEPT_BUFFER = 1 << 20;

    private final String text;
    private final int start;
    private final int to;
    private final TextProfile p;
    private final int[] starts;
    private final int[] ends;
    private int window;
    // the offset from which a delimiter is known never to occur again (a search returned -1)
    private int noDollar = Integer.MAX_VALUE;
    private int noFence = Integer.MAX_VALUE;
    private final int[] noMathClose = {Integer.MAX_VALUE, Integer.MAX_VALUE};

    Scan(String text, int start, int to, TextProfile p, int[] starts, int[] ends) {
      this.text = text;
      this.start = start;
      this.to = to;
      this.p = p;
      this.starts = starts;
      this.ends = ends;
    }

    // the window state changes at `boundary`: the start of window `window` or the end of it
    private boolean inWindow;
    // the current window ends in a letter (a space is due before the next word)
    private boolean wordOpen;
    private int boundary;

    void run(int from) {
      boundary = starts.length == 0 ? Integer.MAX_VALUE : starts[0];
      char[] buf = buffer(to - from);
      text.getChars(from, to, buf, 0);
      // counts are kept in locals and per run of one script (a counter in memory incremented on
      // every character is a store-to-load chain that halves the speed)
      int latin = 0;
      int runScript = Scripts.NONE;
      int runLength = 0;
      int[] letters = p.letters;
      int i = from;
      while (i < to) {
        if (i >= boundary) {
          advanceWindow(i);
        }
        char c = buf[i - from];
        if (c < 128) {
          int kind = ASCII[c];
          if (kind == OPENER) {
            int skip =
                switch (c) {
                  case '\\' -> command(i);
                  case '$' -> dollar(i);
                  case '<' -> tag(i);
                  case '`' -> fence(i);
                  case ':' -> url(i);
                  default -> i;
                };
            if (skip != i) {
              if (skip < i) {
                latin -= i - skip; // the scheme letters of a URL, counted before its ':'
                skip = urlEnd(i);
              }
              if (inWindow) {
                space();
              }
              i = skip;
              continue;
            }
            kind = OTHER;
          }
          latin += kind;
          if (inWindow) {
            if (kind == LETTER) {
              p.windows[window].append((char) (c | 0x20));
              wordOpen = true;
              p.windowLatin[window]++;
            } else {
              space();
            }
          }
          i++;
          continue;
        }
        int id;
        int n = 1;
        if (Character.isHighSurrogate(c) && i + 1 < to) {
          int cp = text.codePointAt(i);
          id = Scripts.ofCodePoint(cp);
          n = Character.charCount(cp);
        } else {
          id = Scripts.of(c);
        }
        if (id != runScript) {
          letters[runScript] += runLength;
          runScript = id;
          runLength = 0;
        }
        runLength++;
        if (inWindow) {
          if (id == Scripts.LATIN) {
            p.windows[window].append(Character.toLowerCase(c));
            wordOpen = true;
            p.windowLatin[window]++;
          } else if (id != Scripts.NONE) {
            // kept as written: only Latin letters are looked up by the detector, and lower-casing
            // every Han or Thai character of a window cost more than the rest of the scan
            p.windows[window].append(c);
            wordOpen = true;
          } else {
            space();
          }
        }
        i += n;
      }
      letters[runScript] += runLength;
      letters[Scripts.LATIN] += latin;
      letters[Scripts.NONE] = 0;
      int total = 0;
      for (int id = Scripts.NONE + 1; id < Scripts.COUNT; id++) {
        total += letters[id];
      }
      p.total = total;
      if (buf.length > MAX_KEPT_BUFFER) {
        BUFFER.remove();
      }
    }

    /** A scratch array of at least {@code n} chars, kept per thread (a copy reads fastest). */
    private static char[] buffer(int n) {
      char[] b = BUFFER.get();
      if (b.length < n) {
        b = new char[Math.max(n, b.length * 2)];
        BUFFER.set(b);
      }
      return b;
    }

    /** Moves the window state to offset {@code i} (called when {@code i} reaches the boundary). */
    private void advanceWindow(int i) {
      while (window < starts.length && i >= ends[window]) {
        window++;
      }
      if (window >= starts.length) {
        inWindow = false;
        boundary = Integer.MAX_VALUE;
      } else if (i >= starts[window]) {
        inWindow = true;
        wordOpen = false; // windows do not overlap: each is entered once, empty
        boundary = ends[window];
      } else {
        inWindow = false;
        boundary = starts[window];
      }
    }

    /** Ends a word in the current window (one space after a letter; none at its start). */
    private void space() {
      if (wordOpen) {
        p.windows[window].append(' ');
        wordOpen = false;
      }
    }

    /** {@code \[…\]}, {@code \(…\)}, {@code \boxed{…}} or a command name: the end; else i. */
    private int command(int i) {
      if (i + 1 >= to) {
        return i;
      }
      char n = text.charAt(i + 1);
      if (n == '[' || n == '(') {
        int k = n == '[' ? 0 : 1;
        if (i >= noMathClose[k]) {
          return i;
        }
        int close = text.indexOf(k == 0 ? "\\]" : "\\)", i + 2);
        if (close < 0) {
          noMathClose[k] = i;
        }
        return close < 0 || close + 2 > to ? i : close + 2;
      }
      int j = i + 1;
      while (j < to && isAsciiLetter(text.charAt(j))) {
        j++;
      }
      if (j == i + 1) {
        return i;
      }
      if (text.startsWith("boxed", i + 1) && j == i + 6) {
        int k = j;
        while (k < to && Character.isWhitespace(text.charAt(k))) {
          k++;
        }
        if (k < to && text.charAt(k) == '{') {
          int depth = 0;
          for (int m = k; m < to && m - k < 1000; m++) {
            char c = text.charAt(m);
            depth += c == '{' ? 1 : c == '}' ? -1 : 0;
            if (depth == 0) {
              return m + 1;
            }
          }
        }
      }
      return j;
    }

    /** {@code $$…$$} or {@code $…$} (within a line): the end; else i. */
    private int dollar(int i) {
      if (i >= noDollar) {
        return i;
      }
      boolean display = i + 1 < to && text.charAt(i + 1) == '$';
      int close = display ? text.indexOf("$$", i + 2) : text.indexOf('$', i + 1);
      if (close < 0 || close >= to) {
        if (close < 0) {
          noDollar = display ? noDollar : i; // no '$' after i at all
        }
        return i;
      }
      if (!display) {
        int nl = text.indexOf('\n', i + 1);
        if (nl >= 0 && nl < close) {
          return i;
        }
        return close + 1;
      }
      return close + 2;
    }

    /** {@code <|…|>}, {@code <think>} or {@code </think>}: the end; else i. */
    private int tag(int i) {
      if (text.startsWith("<|", i)) {
        for (int j = i + 2; j + 1 < to && j - i < 40; j++) {
          if (text.charAt(j) == '|') {
            if (text.charAt(j + 1) != '>') {
              return i;
            }
            // the role after <|im_start|> is a name, not text
            for (String role : ROLES) {
              if (text.startsWith(role, j + 2) && j + 2 + role.length() <= to) {
                return j + 2 + role.length();
              }
            }
            return j + 2;
          }
        }
        return i;
      }
      if (text.startsWith("<think>", i)) {
        return i + 7;
      }
      return text.startsWith("</think>", i) ? i + 8 : i;
    }

    /** {@code ```…```}: the end; else i. */
    private int fence(int i) {
      if (i >= noFence || !text.startsWith("```", i)) {
        return i;
      }
      int close = text.indexOf("```", i + 3);
      if (close < 0) {
        noFence = i;
        return i;
      }
      return close + 3 > to ? i : close + 3;
    }

    /**
     * At the {@code :} of {@code http://} or {@code https://} (both within the stretch): the offset
     * of the scheme, before {@code i}; else i.
     */
    private int url(int i) {
      if (!text.startsWith("//", i + 1) || i + 3 > to) {
        return i;
      }
      if (i - 5 >= start && text.startsWith("https", i - 5)) {
        return i - 5;
      }
      return i - 4 >= start && text.startsWith("http", i - 4) ? i - 4 : i;
    }

    /** The end of the URL whose {@code :} is at {@code i}: the next blank. */
    private int urlEnd(int i) {
      int j = i;
      while (j < to && !Character.isWhitespace(text.charAt(j))) {
        j++;
      }
      return j;
    }

    private static boolean isAsciiLetter(char c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
  }
}
