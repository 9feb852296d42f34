package com.run402.local.runtime.functions;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.run402.local.runtime.Threads;
import com.run402.local.runtime.error.ApiException;
import com.run402.local.runtime.projects.Project;
import com.run402.local.runtime.usage.Budget;
import com.run402.local.runtime.usage.UsageMeter;
import com.run402.local.runtime.users.SignupHook;
import com.run402.local.runtime.users.User;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The {@code on-signup} lifecycle hook (legacy-gateway 6.5): after a password signup or the first magic-link
 * sign-in that creates a user, a function named {@code on-signup}, when the project has one, is called with
 * {@code POST}, {@code x-run402-trigger: signup} and {@code {"user":{"id","email","created_at"}}}. Fire and forget:
 * the signup never waits on it or sees its outcome, which goes to the function's logs. Metered as a call, and
 * skipped (with a log line) when the project is over its tier's call limit. Calls run one at a time off the
 * request thread; past {@value #QUEUE} waiting, new ones are dropped with a log line rather than piling up.
 */
public final class SignupHooks implements SignupHook, AutoCloseable {
  static final String FUNCTION = "on-signup";
  private static final int QUEUE = 256;
  private final FunctionService functions;
  private final Budget budget;
  private final UsageMeter usage;
  private final ThreadPoolExecutor runner = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
      new ArrayBlockingQueue<>(QUEUE), Threads.daemon("run402-fn-signup-hook", false),
      new ThreadPoolExecutor.AbortPolicy());

  public SignupHooks(FunctionService functions, Budget budget, UsageMeter usage) {
    this.functions = functions;
    this.budget = budget;
    this.usage = usage;
  }

  @Override
  public void signedUp(Project p, User u) {
    if (!functions.exists(p.id(), FUNCTION)) { // on the signup request: no row read, only its existence
      return;
    }
    try {
      runner.execute(() -> call(p, u));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      functions.note(p.id(), FUNCTION, "warn", "Signup hook for " + u.email() + " dropped: " + QUEUE
          + " signup hooks already waiting");
    }
  }

  private void call(Project p, User u) {
    try {
      budget.check(p);
    } catch (ApiException e) {
      functions.note(p.id(), FUNCTION, "warn", "Signup hook skipped: " + e.getMessage());
      return;
    }
    usage.countCall(p.id());
    ObjectNode user = functions.json().createObjectNode();
    user.putObject("user").put("id", u.id().toString()).put("email", u.email())
        .put("created_at", User.iso(u.createdAt()));
    Invocation inv = new Invocation("POST", "/functions/v1/" + FUNCTION, "", List.of(
        Map.entry("content-type", "application/json"), Map.entry("x-run402-trigger", "signup")),
        new ByteArrayInputStream(user.toString().getBytes(StandardCharsets.UTF_8)));
    try {
      Invocation.Result r = functions.invoke(p, FUNCTION, inv);
      try (InputStream in = r.body()) {
        in.readNBytes(1 << 20); // the answer is nobody's: read so the worker connection is reused
      }
      if (r.status() >= 400) {
        functions.note(p.id(), FUNCTION, "error", "Signup hook answered " + r.status(), r.requestId());
      }
    } catch (ApiException e) {
      functions.note(p.id(), FUNCTION, "error", "Signup hook failed: " + e.getMessage());
    } catch (Exception e) {
      functions.note(p.id(), FUNCTION, "error", "Signup hook failed: " + e);
    }
  }

  @Override
  public void close() {
    Threads.stop(runner, Duration.ofSeconds(5));
  }
}
