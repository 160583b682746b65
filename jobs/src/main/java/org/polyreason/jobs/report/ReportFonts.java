package org.polyreason.jobs.report;

import java.awt.Font;
import java.awt.GraphicsEnvironment;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.polyreason.udfs.language.Language;
import org.polyreason.udfs.language.LanguageTable;

/**
 * Picks fonts that can show the labels. Noto Sans (Latin, Cyrillic), Noto Sans CJK and the Noto
 * script families (Debian fonts-noto-core, fonts-noto-cjk) are preferred; a label no installed font
 * can display falls back to its language code, so a chart never shows empty boxes.
 */
public final class ReportFonts {
  /** Families tried in order for each label; they hold every language's {@link Language#font()}. */
  public static final List<String> PREFERRED =
      List.of(
          "Noto Sans",
          "Noto Sans CJK JP",
          "Noto Sans CJK SC",
          "Noto Sans Bengali",
          "Noto Sans Telugu",
          "Noto Sans Thai",
          "Noto Sans Arabic",
          "DejaVu Sans");

  private final Set<String> installed;

  public ReportFonts() {
    this(Set.of(GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames()));
  }

  ReportFonts(Set<String> installed) {
    this.installed = installed;
  }

  /** True when one of the CJK Noto families is installed. */
  public boolean hasCjk() {
    return installed.stream().anyMatch(f -> f.startsWith("Noto Sans CJK"));
  }

  /** The base font for Latin text: Noto Sans, DejaVu Sans, or the JDK's SansSerif. */
  public Font base(int style, float size) {
    for (String family : List.of("Noto Sans", "DejaVu Sans")) {
      if (installed.contains(family)) {
        return new Font(family, style, 1).deriveFont(size);
      }
    }
    return new Font(Font.SANS_SERIF, style, 1).deriveFont(size);
  }

  /**
   * The first preferred installed font that displays all of {@code text}, or null when none does.
   */
  public Font fontFor(String text, int style, float size) {
    for (String family : PREFERRED) {
      if (installed.contains(family)) {
        Font f = new Font(family, style, 1).deriveFont(size);
        if (f.canDisplayUpTo(text) == -1) {
          return f;
        }
      }
    }
    Font fallback = new Font(Font.SANS_SERIF, style, 1).deriveFont(size);
    return fallback.canDisplayUpTo(text) == -1 ? fallback : null;
  }

  /** "ja 日本語" when a font can display the endonym, else the bare code. */
  public String languageLabel(String code) {
    Optional<Language> language = LanguageTable.find(code);
    if (language.isEmpty()) {
      return code;
    }
    String label = code + " " + language.get().endonym();
    return fontFor(label, Font.PLAIN, 12f) != null ? label : code;
  }
}
