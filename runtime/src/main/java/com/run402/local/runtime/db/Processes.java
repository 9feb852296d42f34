package com.run402.local.runtime.db;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/** Small helpers for child processes: bounded runs, and output piped to a logger. */
public final class Processes {
  private Processes() {}

  /** The outcome of a finished short command. */
  public record Result(int exitCode, String output) {
    public boolean ok() {
      return exitCode == 0;
    }
  }

  /** Runs a command to completion (stdout and stderr merged), killing it after {@code timeout}. */
  public static Result run(List<String> command, Map<String, String> env, Duration timeout, Logger log)
      throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    OutputPump pump = OutputPump.start(p, log, command.get(0));
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new IOException("Timed out after " + timeout.toSeconds() + " s running " + command
            + "; last output: " + pump.tail());
      }
      pump.join(Duration.ofSeconds(2));
      return new Result(p.exitValue(), pump.tail());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new IOException("Interrupted running " + command, e);
    }
  }

  /** Sends a signal by name (INT, TERM, KILL) to a process id, as the current user. */
  public static boolean signal(long pid, String signal) {
    try {
      Process p = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Copies a process's merged output, line by line, to a logger on a named daemon thread, and keeps
   * the last lines so that a failure message can quote them (zonky's ProcessOutputLogger idea).
   */
  public static final class OutputPump implements Runnable {
    private static final int KEEP = 30;
    private final Process process;
    private final Logger log;
    private final Deque<String> last = new ArrayDeque<>();
    private final Thread thread;

    private OutputPump(Process process, Logger log, String name) {
      this.process = process;
      this.log = log;
      this.thread = new Thread(this, "run402-" + shortName(name) + "-output");
      this.thread.setDaemon(true);
    }

    public static OutputPump start(Process process, Logger log, String name) {
      OutputPump pump = new OutputPump(process, log, name);
      pump.thread.start();
      return pump;
    }

    @Override
    public void run() {
      try (BufferedReader r = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          remember(line);
          // Our own readiness probe makes Postgres log "starting up" FATALs; they are not problems.
          if ((line.contains("FATAL") || line.contains("PANIC")) && !line.contains("is starting up")) {
            log.warn(line);
          } else {
            log.debug(line);
          }
        }
      } catch (IOException e) {
        log.debug("output stream closed: {}", e.getMessage());
      }
    }

    private synchronized void remember(String line) {
      if (last.size() == KEEP) {
        last.removeFirst();
      }
      last.addLast(line);
    }

    /** The last lines written, joined with newlines. */
    public synchronized String tail() {
      return String.join("\n", last);
    }

    void join(Duration timeout) throws InterruptedException {
      thread.join(timeout.toMillis());
    }

    private static String shortName(String command) {
      int slash = command.lastIndexOf('/');
      return slash >= 0 ? command.substring(slash + 1) : command;
    }
  }
}
