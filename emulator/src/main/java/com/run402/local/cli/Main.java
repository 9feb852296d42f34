package com.run402.local.cli;

/** Entry point of the standalone jar; everything happens in {@link Cli}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    int code = new Cli(System.out, System.err, System.getenv()).run(args);
    if (code != Cli.KEEP_RUNNING) {
      System.exit(code);
    }
  }
}
