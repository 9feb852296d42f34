package com.run402.local.cli;

import com.run402.local.Run402Local;
import com.run402.local.Run402Options;
import com.run402.local.Run402StartupException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/** Parses options, configures logging, starts the emulator and prints the ready line and env block. */
final class Cli {
  static final int KEEP_RUNNING = -1;

  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> env;

  Cli(PrintStream out, PrintStream err, Map<String, String> env) {
    this.out = out;
    this.err = err;
    this.env = env;
  }

  int run(String[] args) {
    CommandLine cl;
    try {
      cl = CommandLine.parse(args, env);
      cl.port();
      cl.s3Port();
      cl.payments();
      cl.faucetCooldown();
      cl.rateLimit();
      configureLogging(cl.logLevel());
    } catch (IllegalArgumentException e) {
      err.println("run402-local: " + e.getMessage());
      return 2;
    }
    if (cl.flag("help")) {
      out.print(CommandLine.help());
      return 0;
    }
    if (cl.flag("version")) {
      out.println("run402-local " + Run402Local.version());
      return 0;
    }
    if (cl.flag("print-config")) {
      out.print(cl.printConfig());
      return 0;
    }
    Run402Options options = options(cl);
    Run402Local local;
    try {
      local = Run402Local.start(options);
    } catch (Run402StartupException e) {
      err.println("run402-local: could not start: " + e.getMessage());
      return 1;
    }
    Thread hook = new Thread(local::close, "run402-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    out.println("run402-local listening on " + local.baseUri());
    out.println("# Point Run402 clients (SDK, CLI, MCP) at this emulator:");
    out.println("export RUN402_API_BASE=" + local.baseUri());
    out.println("export RUN402_S3_ENDPOINT=" + local.s3Uri() + "   # S3 API: bucket and access key = project id, secret = service key");
    out.println("# data dir: " + local.dataDir() + (options.ephemeral() ? " (ephemeral, deleted on exit)" : ""));
    out.println("# parity report: " + local.baseUri() + "/__local/parity   (Ctrl-C to stop)");
    out.flush();
    return KEEP_RUNNING;
  }

  static Run402Options options(CommandLine cl) {
    boolean ephemeral = cl.flag("ephemeral");
    Run402Local.Builder b = Run402Local.builder()
        .host(cl.get("host"))
        .port(cl.port())
        .s3Port(cl.s3Port())
        .ephemeral(ephemeral)
        .dataDir(ephemeral ? null : Path.of(cl.get("data-dir")).toAbsolutePath())
        .pgIsolation(cl.get("pg-isolation"))
        .rateLimitPerSecond(cl.rateLimit())
        .payments(cl.payments())
        .faucetCooldown(cl.faucetCooldown());
    if (cl.get("cache-dir") != null) {
      b.cacheDir(Path.of(cl.get("cache-dir")));
    }
    return b.build();
  }

  /** slf4j-simple reads system properties once, at first use: set them before any logger exists. */
  private static void configureLogging(String level) {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level);
    System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
    System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
    System.setProperty("org.slf4j.simpleLogger.showShortLogName", "true");
    System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
    String quiet = level.equals("debug") || level.equals("trace") ? level : "warn";
    for (String noisy : new String[] {"org.eclipse.jetty", "io.javalin", "com.zaxxer.hikari"}) {
      System.setProperty("org.slf4j.simpleLogger.log." + noisy, quiet);
    }
  }
}
