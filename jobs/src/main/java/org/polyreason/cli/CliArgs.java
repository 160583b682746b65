package org.polyreason.cli;

import java.util.ArrayList;
import java.util.List;
import org.polyreason.common.UserException;

/**
 * Parsed command line: {@code <job> [--env E] [--config-file F] [--set key=value]... [--help]}.
 *
 * @param configFile {@code --config-file}: a local path or Hadoop URI of a HOCON overlay, or null
 */
record CliArgs(String job, String env, String configFile, List<String> sets, boolean help) {

  static CliArgs parse(String[] args) {
    String job = null;
    String env = null;
    String configFile = null;
    List<String> sets = new ArrayList<>();
    boolean help = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--help", "-h" -> help = true;
        case "--env" -> env = value(args, ++i, a);
        case "--set" -> sets.add(value(args, ++i, a));
        case "--config-file" -> configFile = value(args, ++i, a);
        default -> {
          if (a.startsWith("--env=")) {
            env = a.substring(6);
          } else if (a.startsWith("--config-file=")) {
            configFile = a.substring("--config-file=".length());
          } else if (a.startsWith("--set=")) {
            sets.add(a.substring(6));
          } else if (a.startsWith("-")) {
            throw new UserException(
                "unknown option "
                    + a
                    + "; allowed: --env, --config-file, --set key=value, "
                    + "--help, --dry-run");
          } else if (job == null) {
            job = a;
          } else {
            throw new UserException(
                "unexpected argument "
                    + a
                    + " after job "
                    + job
                    + "; pass settings as --set key=value");
          }
        }
      }
    }
    return new CliArgs(job, env, configFile, List.copyOf(sets), help);
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new UserException("option " + option + " needs a value");
    }
    return args[i];
  }
}
