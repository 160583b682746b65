package org.polyreason.common;

/** Process exit codes of every polyreason command (the contract in DESIGN.md). */
public final class ExitCodes {
  public static final int OK = 0;
  public static final int FAILURE = 1;
  public static final int BAD_INPUT = 2;

  private ExitCodes() {}
}
