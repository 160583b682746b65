package org.polyreason.common;

/**
 * A problem with the user's input or configuration: a bad key or value, a malformed file, an
 * unknown language. The CLI prints the message as one line on stderr and exits with code 2; no
 * stack trace.
 *
 * <p>Messages say what failed, the offending value and what is allowed, e.g. {@code Cannot read
 * benchmark mgsm: mgsm_de.tsv line 17 has 1 column, expected 2}.
 */
public class UserException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UserException(String message) {
    super(oneLine(message));
  }

  public UserException(String message, Throwable cause) {
    super(oneLine(message), cause);
  }

  private static String oneLine(String message) {
    return message == null ? "unknown error" : message.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
  }
}
