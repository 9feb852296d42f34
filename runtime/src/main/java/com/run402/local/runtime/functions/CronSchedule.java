package com.run402.local.runtime.functions;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import com.run402.local.runtime.error.ApiException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;

/** A standard 5-field cron expression (UTC), parsed by cron-utils; production used croner. */
final class CronSchedule {
  private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
  private final String expression;
  private final ExecutionTime execution;

  private CronSchedule(String expression, ExecutionTime execution) {
    this.expression = expression;
    this.execution = execution;
  }

  /** Parses or throws production's 400. */
  static CronSchedule parse(String expression) {
    try {
      if (expression == null || expression.trim().split("\\s+").length != 5) {
        throw new IllegalArgumentException("not 5 fields");
      }
      Cron cron = PARSER.parse(expression.trim());
      cron.validate();
      return new CronSchedule(expression.trim(), ExecutionTime.forCron(cron));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("invalid_schedule", "Invalid cron expression: \"" + expression
          + "\". Use standard 5-field cron syntax (e.g., \"*/15 * * * *\").");
    }
  }

  String expression() {
    return expression;
  }

  /** The first run strictly after {@code t}. */
  Optional<Instant> next(Instant t) {
    return execution.nextExecution(ZonedDateTime.ofInstant(t, ZoneOffset.UTC)).map(ZonedDateTime::toInstant);
  }

  /** The gap between the next two runs (production's "interval"), in whole minutes. */
  long intervalMinutes(Instant now) {
    Optional<Instant> a = next(now);
    Optional<Instant> b = a.flatMap(this::next);
    if (a.isEmpty() || b.isEmpty()) {
      return Long.MAX_VALUE;
    }
    return Duration.between(a.get(), b.get()).toMinutes();
  }
}
