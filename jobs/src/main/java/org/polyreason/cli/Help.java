package org.polyreason.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import java.io.PrintStream;
import java.util.Map;
import java.util.TreeMap;
import org.polyreason.config.ConfigLoader;
import org.polyreason.core.Job;

/** The CLI's help texts, built from the job registry and the comments in reference.conf. */
final class Help {
  private Help() {}

  static void printJobs(PrintStream out) {
    out.println(
        "usage: polyreason <job> [--env local|standalone|gpu-cluster] [--config-file PATH|URI]"
            + " [--set key=value]... [--dry-run]");
    out.println("       polyreason <job> --help      lists the job's configuration keys");
    out.println();
    out.println("jobs:");
    for (Job<?> job : JobRegistry.all().values()) {
      out.printf("  %-14s %s%n", job.name(), job.description());
    }
    out.println();
    out.println("exit codes: 0 success, 2 bad input or configuration, 1 other failure");
  }

  static void printJobKeys(Job<?> job, PrintStream out) {
    out.println("polyreason " + job.name() + ": " + job.description());
    out.println();
    out.println("keys (default) — set with --set key=value, conf/<env>.conf, or -Dkey=value:");
    Config ref = ConfigLoader.reference();
    Map<String, ConfigValue> keys = new TreeMap<>();
    for (Map.Entry<String, ConfigValue> e : ref.entrySet()) {
      String k = e.getKey();
      boolean common = k.chars().filter(c -> c == '.').count() == 1;
      if (common || k.startsWith("polyreason." + job.name() + ".")) {
        keys.put(k, e.getValue());
      }
    }
    for (Map.Entry<String, ConfigValue> e : keys.entrySet()) {
      out.println(
          "  "
              + e.getKey()
              + " = "
              + e.getValue().render(com.typesafe.config.ConfigRenderOptions.concise()));
      for (String comment : e.getValue().origin().comments()) {
        out.println("      " + comment.strip());
      }
    }
  }
}
