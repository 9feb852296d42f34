package com.run402.local.runtime.projects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.run402.local.runtime.Engine;
import com.run402.local.runtime.EngineFixture;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Verified tokens are cached, but a cached token still expires, and dies with its project. */
class ProjectTokensIT {
  static Engine engine;

  /** A clock the test moves by hand. */
  static final class MovableClock extends Clock {
    volatile Instant now = Instant.now();

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @BeforeAll
  static void start() throws Exception {
    engine = EngineFixture.ephemeral();
  }

  @AfterAll
  static void stop() {
    engine.close();
  }

  static JsonNode provision(String name) {
    return engine.projects().provision(null, engine.json().createObjectNode().put("name", name), null,
        "http://127.0.0.1:1").body();
  }

  @Test
  void a_cached_token_expires_when_the_clock_passes_its_exp() {
    MovableClock clock = new MovableClock();
    ProjectTokens tokens = new ProjectTokens(engine.projects(), kid -> java.util.Optional.empty(), engine.json(), clock);
    String id = provision("tokens-exp").get("project_id").asText();
    String token = engine.userTokens().mint(id, "11111111-1111-1111-1111-111111111111", "a@example.com",
        "authenticated", Duration.ofMinutes(5));

    assertThat(tokens.verify(token)).containsEntry("role", "authenticated").containsEntry("project_id", id);
    assertThat(tokens.verify(token)).containsEntry("sub", "11111111-1111-1111-1111-111111111111");

    clock.now = clock.now.plus(Duration.ofMinutes(10));
    assertThatThrownBy(() -> tokens.verify(token)).isInstanceOfSatisfying(ProjectTokens.Invalid.class,
        e -> assertThat(e.failure()).isEqualTo(ProjectTokens.Failure.EXPIRED));
  }

  @Test
  void a_cached_key_is_refused_once_its_project_is_deleted() {
    ProjectTokens tokens = new ProjectTokens(engine.projects(), kid -> java.util.Optional.empty(), engine.json(), Clock.systemUTC());
    JsonNode p = provision("tokens-delete");
    String anon = p.get("anon_key").asText();
    assertThat(tokens.verify(anon)).containsEntry("role", "anon");

    engine.projects().delete(engine.projects().find(p.get("project_id").asText()).orElseThrow());
    assertThatThrownBy(() -> tokens.verify(anon)).isInstanceOf(ProjectTokens.Invalid.class);
  }

  @Test
  void a_tampered_copy_of_a_cached_token_is_still_checked() {
    ProjectTokens tokens = new ProjectTokens(engine.projects(), kid -> java.util.Optional.empty(), engine.json(), Clock.systemUTC());
    String anon = provision("tokens-tamper").get("anon_key").asText();
    tokens.verify(anon);
    String tampered = anon.substring(0, anon.length() - 2) + (anon.endsWith("AA") ? "BB" : "AA");
    assertThatThrownBy(() -> tokens.verify(tampered)).isInstanceOfSatisfying(ProjectTokens.Invalid.class,
        e -> assertThat(e.failure()).isIn(ProjectTokens.Failure.BAD_SIGNATURE, ProjectTokens.Failure.MALFORMED));
  }
}
