package org.polyreason.udfs.scoring;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the chosen letter of a multiple-choice response (when the reference answer is a letter):
 * after the last answer phrase ("The answer is (B)"), else a letter opening the response ("A.
 * Because …"), else the last stand-alone capital letter.
 */
final class ChoiceLetters {

  private static final Pattern AFTER_PHRASE =
      Pattern.compile("^[\\s*_#:：]*\\(?\\s*([A-Z])\\s*\\)?(?![\\p{L}])");
  private static final Pattern OPENING = Pattern.compile("^\\s*\\(?([A-Z])\\)?(?:[.):]|\\s*$)");
  private static final Pattern STANDALONE = Pattern.compile("(?<![\\p{L}\\\\])([A-Z])(?![\\p{L}])");

  private ChoiceLetters() {}

  /** The letter, or null. */
  static String find(String text) {
    String t = Rx.replaceAll(text, "\\\\text\\s*\\{([^{}]*)\\}", "$1").replace("$", "");
    Matcher m = AnswerPhrases.ANY.matcher(t);
    int end = -1;
    while (m.find()) {
      end = m.end();
    }
    if (end >= 0) {
      Matcher a = AFTER_PHRASE.matcher(t.substring(end));
      if (a.find()) {
        return a.group(1);
      }
    }
    Matcher o = OPENING.matcher(t);
    if (o.find()) {
      return o.group(1);
    }
    Matcher s = STANDALONE.matcher(t);
    String last = null;
    while (s.find()) {
      last = s.group(1);
    }
    return last;
  }
}
