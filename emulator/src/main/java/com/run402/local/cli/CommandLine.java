package com.run402.local.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The CLI's options. Each key {@code data-dir} is the flag {@code --data-dir} and the variable
 * {@code RUN402_LOCAL_DATA_DIR}, derived mechanically (PostgREST style); precedence is flag, then
 * variable, then default. Hand-rolled rather than picocli: a table of ten options does not need a
 * 400 KB dependency, and the derivation rule is the whole design.
 */
final class CommandLine {
  /** One option: its key, default and whether it takes a value. */
  record Option(String key, String defaultValue, boolean takesValue, String help) {
    String env() {
      return "RUN402_LOCAL_" + key.toUpperCase(Locale.ROOT).replace('-', '_');
    }
  }

  static final List<Option> OPTIONS = List.of(
      new Option("port", "4402", true, "HTTP port; 0 picks a free one"),
      new Option("s3-port", "4403", true, "port of the S3-compatible endpoint (bucket = project id); 0 picks a free one"),
      new Option("host", "127.0.0.1", true, "interface to bind"),
      new Option("data-dir", Path.of(System.getProperty("user.home", "."), ".run402-local").toString(), true,
          "persistent data directory"),
      new Option("ephemeral", "false", false, "use a temporary data dir, deleted on exit"),
      new Option("log-level", "info", true, "error, warn, info, debug or trace"),
      new Option("cache-dir", null, true, "where PostgreSQL binaries are extracted"),
      new Option("pg-isolation", "auto", true, "how Postgres runs as root: auto, direct, unshare, setpriv"),
      new Option("rate-limit", "100", true, "requests per second per project on REST and SQL, as production; 0 = off"),
      new Option("payments", "x402", true, "x402 (paid routes answer 402, paid on the mock chain) or free"),
      new Option("faucet-cooldown", "86400", true, "seconds between two faucet drips to one address"),
      new Option("print-config", "false", false, "print the resolved configuration and exit"),
      new Option("version", "false", false, "print the version and exit"),
      new Option("help", "false", false, "print this help and exit"));

  /** A resolved value and where it came from. */
  record Value(String value, String source) {}

  final Map<String, Value> values = new LinkedHashMap<>();

  static CommandLine parse(String[] args, Map<String, String> env) {
    CommandLine cl = new CommandLine();
    for (Option o : OPTIONS) {
      String e = env.get(o.env());
      if (e != null && !e.isBlank()) {
        cl.values.put(o.key(), new Value(e.trim(), "env " + o.env()));
      } else {
        cl.values.put(o.key(), new Value(o.defaultValue(), "default"));
      }
    }
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("-h")) {
        a = "--help";
      }
      if (!a.startsWith("--")) {
        throw new IllegalArgumentException("Unexpected argument '" + a + "'. Run with --help for the options.");
      }
      String name = a.substring(2);
      String inline = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        inline = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      Option o = find(name);
      String v;
      if (o.takesValue()) {
        if (inline != null) {
          v = inline;
        } else if (i + 1 < args.length) {
          v = args[++i];
        } else {
          throw new IllegalArgumentException("--" + name + " needs a value.");
        }
      } else {
        v = inline == null ? "true" : inline;
      }
      cl.values.put(o.key(), new Value(v, "flag --" + o.key()));
    }
    return cl;
  }

  private static Option find(String name) {
    return OPTIONS.stream().filter(o -> o.key().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("Unknown option --" + name + ". Run with --help for the options."));
  }

  String get(String key) {
    return values.get(key).value();
  }

  boolean flag(String key) {
    String v = get(key);
    return v != null && (v.equalsIgnoreCase("true") || v.equals("1") || v.equalsIgnoreCase("yes"));
  }

  int port() {
    try {
      int p = Integer.parseInt(get("port"));
      if (p < 0 || p > 65535) {
        throw new NumberFormatException();
      }
      return p;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--port must be a number from 0 to 65535, got '" + get("port") + "'.");
    }
  }

  int s3Port() {
    try {
      int p = Integer.parseInt(get("s3-port"));
      if (p < 0 || p > 65535) {
        throw new NumberFormatException();
      }
      return p;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--s3-port must be a number from 0 to 65535, got '" + get("s3-port") + "'.");
    }
  }

  int rateLimit() {
    try {
      int r = Integer.parseInt(get("rate-limit"));
      if (r < 0) {
        throw new NumberFormatException();
      }
      return r;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--rate-limit must be 0 (off) or a positive number, got '" + get("rate-limit") + "'.");
    }
  }

  String payments() {
    String p = get("payments").toLowerCase(Locale.ROOT);
    if (!List.of("x402", "free").contains(p)) {
      throw new IllegalArgumentException("--payments must be x402 or free, got '" + p + "'.");
    }
    return p;
  }

  java.time.Duration faucetCooldown() {
    try {
      long s = Long.parseLong(get("faucet-cooldown").trim());
      if (s < 0) {
        throw new NumberFormatException();
      }
      return java.time.Duration.ofSeconds(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--faucet-cooldown must be a number of seconds, got '"
          + get("faucet-cooldown") + "'.");
    }
  }

  String logLevel() {
    String l = get("log-level").toLowerCase(Locale.ROOT);
    if (!List.of("error", "warn", "info", "debug", "trace", "off").contains(l)) {
      throw new IllegalArgumentException("--log-level must be error, warn, info, debug or trace, got '" + l + "'.");
    }
    return l;
  }

  static String help() {
    StringBuilder sb = new StringBuilder("Usage: run402-local.sh [options]\n\n"
        + "Runs the Run402 platform on this machine (embedded PostgreSQL, no Docker).\n\nOptions:\n");
    for (Option o : OPTIONS) {
      String flag = "--" + o.key() + (o.takesValue() ? " <value>" : "");
      sb.append(String.format("  %-26s %s%s%n      env %s%n", flag, o.help(),
          o.defaultValue() == null || !o.takesValue() ? "" : " (default " + o.defaultValue() + ")", o.env()));
    }
    return sb.toString();
  }

  String printConfig() {
    StringBuilder sb = new StringBuilder();
    values.forEach((k, v) -> {
      if (!List.of("help", "version", "print-config").contains(k)) {
        sb.append(k).append('=').append(v.value() == null ? "" : v.value()).append("  # ").append(v.source()).append('\n');
      }
    });
    return sb.toString();
  }
}
