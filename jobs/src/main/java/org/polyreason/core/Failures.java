package org.polyreason.core;

import java.io.FileNotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.SparkThrowable;
import org.polyreason.common.ExitCodes;
import org.polyreason.common.UserException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The failure contract, written once for the CLI and the study's stages: every throwable of a run,
 * checked or not, becomes one line, a {@code runs} status and an exit code. Bad input (a {@link
 * UserException} anywhere in the cause chain) and damaged input (a Parquet file Spark cannot read)
 * exit 2 naming the file; anything else exits 1 with what failed and, when known, the file.
 */
public final class Failures {
  private static final Logger LOG = LoggerFactory.getLogger(Failures.class);

  /** How a failure ends: exit code, {@code runs.status} and the one-line message. */
  public record Outcome(int exitCode, String status, String message) {}

  private Failures() {}

  public static Outcome classify(Throwable t) {
    UserException user = find(t, UserException.class);
    if (user != null) {
      String status =
          user instanceof TableLock.LockedException ? JobRunner.LOCKED : JobRunner.BAD_INPUT;
      return new Outcome(ExitCodes.BAD_INPUT, status, user.getMessage());
    }
    for (Throwable c : chain(t)) {
      String damaged = damagedFile(c);
      if (damaged != null) {
        return new Outcome(ExitCodes.BAD_INPUT, JobRunner.BAD_INPUT, damagedMessage(damaged, c));
      }
    }
    String replaced = replacedFile(t);
    if (replaced != null) {
      return new Outcome(
          ExitCodes.FAILURE,
          JobRunner.FAILED,
          "failed: table "
              + tableOf(replaced)
              + " was replaced by another run while this one read it (twice in a row): file "
              + replaced);
    }
    return new Outcome(ExitCodes.FAILURE, JobRunner.FAILED, "failed: " + describe(t));
  }

  /**
   * Runs {@code body}; when it fails because a table it read was replaced under it (a file listed
   * at planning time is gone at execution time), runs it once more against the new version.
   */
  public static <T> T retryOnceIfReplaced(Supplier<T> body) {
    try {
      return body.get();
    } catch (Exception | Error e) {
      String file = replacedFile(e);
      if (file == null || find(e, UserException.class) != null) {
        throw Failures.<RuntimeException>sneaky(e);
      }
      LOG.warn(
          "Table {} was replaced by another run while this run read it ({} is gone); running again",
          tableOf(file),
          file);
      return body.get();
    }
  }

  /** The first element of the cause chain of type {@code type}, or null. */
  public static <E extends Throwable> E find(Throwable t, Class<E> type) {
    for (Throwable c : chain(t)) {
      if (type.isInstance(c)) {
        return type.cast(c);
      }
    }
    return null;
  }

  /** Rethrows any throwable unchanged (Spark's Scala code throws checked exceptions undeclared). */
  @SuppressWarnings("unchecked")
  public static <E extends Throwable> E sneaky(Throwable t) throws E {
    throw (E) t;
  }

  private static List<Throwable> chain(Throwable t) {
    List<Throwable> seen = new ArrayList<>();
    for (Throwable c = t; c != null && !seen.contains(c); c = c.getCause()) {
      seen.add(c);
    }
    return seen;
  }

  /** The path of a file Spark could not decode (corrupt or truncated Parquet), or null. */
  private static String damagedFile(Throwable c) {
    if (c instanceof SparkThrowable st && st.getCondition() != null) {
      String cond = st.getCondition();
      Map<String, String> params = st.getMessageParameters();
      if ((cond.startsWith("FAILED_READ_FILE") && !cond.equals("FAILED_READ_FILE.FILE_NOT_EXIST"))
          || cond.startsWith("CANNOT_READ_FILE_FOOTER")) {
        String path = params.getOrDefault("path", params.get("file"));
        return path == null ? null : path.replaceAll("^`|`$", "");
      }
    }
    return null;
  }

  /** The path of a file that vanished while it was read (its table was swapped), or null. */
  private static String replacedFile(Throwable t) {
    for (Throwable c : chain(t)) {
      if (c instanceof SparkThrowable st
          && "FAILED_READ_FILE.FILE_NOT_EXIST".equals(st.getCondition())) {
        String p = st.getMessageParameters().get("path");
        if (p != null) {
          return p.replaceAll("^`|`$", "");
        }
      }
      if (c instanceof FileNotFoundException f
          && f.getMessage() != null
          && f.getMessage().contains(".parquet")) {
        String m = f.getMessage();
        int start = Math.max(0, m.lastIndexOf(' ', m.indexOf(".parquet")) + 1);
        return m.substring(start, m.indexOf(".parquet") + ".parquet".length());
      }
    }
    return null;
  }

  private static String damagedMessage(String file, Throwable c) {
    String table = tableOf(file);
    String why = rootCause(c).getMessage();
    String reason = why == null ? "" : " (" + firstLine(why) + ")";
    return (table != null ? "table " + table + " is damaged: file " : "file is damaged: ")
        + file
        + reason
        + "; restore the file or rerun the job that writes the table";
  }

  /**
   * The table a warehouse file belongs to: the folder above its partition folders ({@code
   * <root>/scores/model=m/…/part-0.parquet} → {@code scores}).
   */
  static String tableOf(String file) {
    String[] parts = file.replace('\\', '/').split("/");
    int i = parts.length - 2;
    while (i > 0 && parts[i].contains("=")) {
      i--;
    }
    return i >= 0 ? parts[i] : null;
  }

  /** What failed, in one line: the innermost exception that says something, and its type. */
  static String describe(Throwable t) {
    Throwable root = rootCause(t);
    String msg = firstLine(root.getMessage());
    String outer = firstLine(t.getMessage());
    StringBuilder b = new StringBuilder(root.getClass().getSimpleName());
    if (!msg.isEmpty()) {
      b.append(": ").append(msg);
    }
    if (root != t && !outer.isEmpty() && !outer.contains(msg)) {
      b.append(" (in ").append(t.getClass().getSimpleName()).append(": ").append(outer).append(')');
    }
    return b.toString();
  }

  private static Throwable rootCause(Throwable t) {
    List<Throwable> c = chain(t);
    return c.get(c.size() - 1);
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    String line = s.strip().lines().findFirst().orElse("");
    return line.length() > 400 ? line.substring(0, 400) + "…" : line;
  }
}
