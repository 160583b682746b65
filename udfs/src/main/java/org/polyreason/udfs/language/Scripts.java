package org.polyreason.udfs.language;

import java.util.Arrays;

/**
 * The scripts the language signal counts, as small ids, and a per-character table built once per
 * JVM: {@code Character.UnicodeScript.of} is a binary search per call, which was the top frame of
 * language detection in the profile.
 */
public final class Scripts {
  /** Not a letter. */
  public static final int NONE = 0;

  public static final int LATIN = 1;
  public static final int CYRILLIC = 2;
  public static final int ARABIC = 3;
  public static final int DEVANAGARI = 4;
  public static final int BENGALI = 5;
  public static final int TELUGU = 6;
  public static final int THAI = 7;
  public static final int HANGUL = 8;
  public static final int HAN = 9;
  public static final int HIRAGANA = 10;
  public static final int KATAKANA = 11;

  /** A letter of any other script. */
  public static final int OTHER = 12;

  /** Number of ids, {@link #NONE} included. */
  public static final int COUNT = 13;

  private static final Character.UnicodeScript[] BY_ID = {
    null,
    Character.UnicodeScript.LATIN,
    Character.UnicodeScript.CYRILLIC,
    Character.UnicodeScript.ARABIC,
    Character.UnicodeScript.DEVANAGARI,
    Character.UnicodeScript.BENGALI,
    Character.UnicodeScript.TELUGU,
    Character.UnicodeScript.THAI,
    Character.UnicodeScript.HANGUL,
    Character.UnicodeScript.HAN,
    Character.UnicodeScript.HIRAGANA,
    Character.UnicodeScript.KATAKANA
  };

  private static final byte[] OF_CHAR = new byte[Character.MAX_VALUE + 1];

  static {
    for (int c = 0; c <= Character.MAX_VALUE; c++) {
      OF_CHAR[c] = (byte) (Character.isLetter(c) ? id(Character.UnicodeScript.of(c)) : NONE);
    }
  }

  private Scripts() {}

  /** The id of a script; {@link #OTHER} for scripts not listed here. */
  public static int id(Character.UnicodeScript script) {
    int i = Arrays.asList(BY_ID).indexOf(script);
    return i > 0 ? i : OTHER;
  }

  /** The script id of a BMP character, {@link #NONE} when it is not a letter. */
  public static int of(char c) {
    return OF_CHAR[c];
  }

  /** The script id of a code point, {@link #NONE} when it is not a letter. */
  public static int ofCodePoint(int cp) {
    if (cp <= Character.MAX_VALUE) {
      return OF_CHAR[cp];
    }
    return Character.isLetter(cp) ? id(Character.UnicodeScript.of(cp)) : NONE;
  }

  /**
   * The script ids whose letters are written in the language {@code code}: its script in {@link
   * LanguageTable} (Japanese: Han, Hiragana and Katakana); null for a code not in the table.
   */
  public static int[] ofLanguage(String code) {
    Language l = code == null ? null : LanguageTable.find(code).orElse(null);
    if (l == null) {
      return null;
    }
    int id = id(l.script());
    return id == HIRAGANA ? new int[] {HAN, HIRAGANA, KATAKANA} : new int[] {id};
  }
}
