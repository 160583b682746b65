package org.polyreason.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.polyreason.cli.Main;

/** Runs the CLI in-process (on the shared test SparkSession) and captures its output. */
public record CliRun(int exitCode, String out, String err) {

  public static CliRun of(String... args) {
    SparkTestBase.session();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Main.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new CliRun(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** {@code job} on {@code warehouse}, each of {@code sets} as one {@code --set key=value}. */
  public static CliRun job(java.nio.file.Path warehouse, String job, String... sets) {
    java.util.List<String> args =
        new java.util.ArrayList<>(
            java.util.List.of(job, "--set", "polyreason.warehouse=" + warehouse));
    for (String s : sets) {
      args.add("--set");
      args.add(s);
    }
    return of(args.toArray(String[]::new));
  }

  /** stderr as lines, without blank ones. */
  public java.util.List<String> errLines() {
    return err.lines().filter(l -> !l.isBlank()).toList();
  }
}
