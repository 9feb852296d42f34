package com.run402.local.runtime.users;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.run402.local.runtime.error.ApiException;
import com.run402.local.runtime.projects.Project;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

/**
 * The end-user flows of {@code /auth/v1} (legacy-gateway 1.7): signup, password and refresh-token
 * sign-in, logout, the current user, password change. Errors carry production's messages.
 */
public final class UserAuth {
  private final Tx tx;
  private final Passwords passwords;
  private final AccessTokens tokens;
  private final ObjectMapper json;
  private final Clock clock;
  private final Throttle signupsPerIp;
  private final Throttle loginsPerIp;
  private final Throttle failuresPerEmail;
  private final SignupHook onSignup;

  public UserAuth(javax.sql.DataSource admin, AccessTokens tokens, ObjectMapper json, Clock clock, AuthLimits limits,
      SignupHook onSignup) {
    this.onSignup = onSignup;
    this.tx = new Tx(admin);
    this.passwords = new Passwords();
    this.tokens = tokens;
    this.json = json;
    this.clock = clock;
    this.signupsPerIp = new Throttle("signup", limits.signupsPerIp(), limits.window(), clock);
    this.loginsPerIp = new Throttle("sign-in", limits.loginsPerIp(), limits.window(), clock);
    this.failuresPerEmail = new Throttle("failed sign-in", limits.failuresPerEmail(), limits.window(), clock);
  }

  /** {@code POST /auth/v1/signup}; {@code serviceRole} when the apikey is the service key (may set is_admin). */
  public ObjectNode signup(Project p, boolean serviceRole, JsonNode body, String ip) {
    signupsPerIp.hit(p.id() + "|" + ip);
    String[] creds = credentials(body);
    String email = EmailRules.normalise(creds[0]);
    boolean admin = serviceRole && body.path("is_admin").isBoolean() && body.get("is_admin").asBoolean();
    String hash = passwords.hash(creds[1]);
    Instant now = now();
    User u = tx.run(c -> {
      AuthSettings s = AuthSettings.load(c, p.id());
      if (!s.domainAllowed(email)) {
        throw ApiException.forbidden("signup_not_allowed", "Signup is not allowed for this email domain");
      }
      Optional<User> existing = UserStore.byEmail(c, p.id(), email);
      if (!"open".equals(s.publicSignup()) && !serviceRole) {
        // known_email / invite_only: only an address the project already knows (created with
        // POST /auth/v1/admin/users, no password yet) may sign up, and it then claims that account.
        User known = existing.filter(x -> x.passwordHash() == null).orElseThrow(() -> ApiException.forbidden(
            "signup_not_allowed", "Public signup is not open for this project (public_signup: " + s.publicSignup() + ")"));
        UserStore.setPassword(c, known.id(), hash);
        return known;
      }
      if (existing.isPresent()) {
        throw ApiException.conflict("user_exists", "User already exists");
      }
      return UserStore.insert(c, p.id(), email, hash, admin, now)
          .orElseThrow(() -> ApiException.conflict("user_exists", "User already exists"));
    });
    signedUp(p, u);
    ObjectNode out = json.createObjectNode();
    out.put("id", u.id().toString());
    out.put("email", u.email());
    out.put("is_admin", u.isAdmin());
    out.put("created_at", User.iso(u.createdAt()));
    return out;
  }

  /** Tells the project's {@code on-signup} hook (through the engine) of a committed signup. */
  void signedUp(Project p, User u) {
    onSignup.signedUp(p, u);
  }

  /** {@code POST /auth/v1/token} without (or with another) grant_type: email and password. */
  public ObjectNode passwordGrant(Project p, JsonNode body, String ip) {
    loginsPerIp.hit(p.id() + "|" + ip);
    String[] creds = credentials(body);
    String email = EmailRules.normalise(creds[0]);
    String emailKey = p.id() + "|" + email;
    failuresPerEmail.hit(emailKey);
    Instant now = now();
    Optional<User> found = tx.run(c -> UserStore.byEmail(c, p.id(), email));
    User u = found.orElse(null);
    if (u != null && u.passwordHash() == null) {
      throw ApiException.unauthorized("invalid_credentials",
          "This account does not have a password. Sign in with Google or request a magic link instead.");
    }
    // Checked even without a user, against a dummy hash: an unknown email costs what a wrong password costs.
    if (!passwords.matches(creds[1], u == null ? null : u.passwordHash()) || u == null) {
      throw ApiException.unauthorized("invalid_credentials", "Invalid credentials");
    }
    failuresPerEmail.clear(emailKey);
    Sessions.Issued s = tx.run(c -> {
      UserStore.signedIn(c, u.id(), now);
      return Sessions.start(c, p.id(), u.id(), now);
    });
    return session(u, s.sessionId(), s.refreshToken());
  }

  /** {@code POST /auth/v1/token?grant_type=refresh_token}. */
  public ObjectNode refreshGrant(Project p, JsonNode body) {
    String token = text(body, "refresh_token");
    if (token == null) {
      throw ApiException.badRequest("invalid_request", "refresh_token required");
    }
    Sessions.requireUuid(token);
    Instant now = now();
    Sessions.Rotated r = tx.run(c -> Sessions.rotate(c, p.id(), token, now));
    if (r.refusal() != null) {
      throw r.error();
    }
    User u = tx.run(c -> UserStore.byId(c, p.id(), r.userId()))
        .orElseThrow(() -> ApiException.unauthorized("invalid_refresh_token", "Invalid refresh token"));
    return session(u, r.sessionId(), r.refreshToken());
  }

  /** {@code POST /auth/v1/logout}. */
  public ObjectNode logout(Project p, JsonNode body) {
    String token = text(body, "refresh_token");
    if (token != null) {
      Sessions.requireUuid(token);
      Instant now = now();
      tx.run(c -> {
        Sessions.end(c, p.id(), token, now);
        return null;
      });
    }
    return json.createObjectNode().put("status", "ok");
  }

  /** {@code GET /auth/v1/user} for the verified user id. */
  public ObjectNode user(Project p, UUID userId) {
    User u = tx.run(c -> UserStore.byId(c, p.id(), userId))
        .orElseThrow(() -> ApiException.notFound("user_not_found", "User not found"));
    ObjectNode out = json.createObjectNode();
    out.put("id", u.id().toString());
    out.put("email", u.email());
    out.put("email_verified_at", User.iso(u.emailVerifiedAt()));
    out.put("display_name", u.displayName());
    out.put("avatar_url", u.avatarUrl());
    out.put("last_sign_in_at", User.iso(u.lastSignInAt()));
    out.put("created_at", User.iso(u.createdAt()));
    out.putArray("identities"); // Google sign-in is not emulated, so no linked identities exist.
    return out;
  }

  /** {@code PUT|POST /auth/v1/user/password}. */
  public ObjectNode changePassword(Project p, UUID userId, JsonNode body) {
    String next = text(body, "new_password");
    if (next == null || next.isEmpty()) {
      throw ApiException.badRequest("invalid_request", "new_password required");
    }
    String current = text(body, "current_password");
    String hash = passwords.hash(next);
    tx.run(c -> {
      User u = UserStore.byId(c, p.id(), userId)
          .orElseThrow(() -> ApiException.notFound("user_not_found", "User not found"));
      if (u.passwordHash() != null && current != null && !passwords.matches(current, u.passwordHash())) {
        throw ApiException.unauthorized("invalid_credentials", "Current password is incorrect");
      }
      if (u.passwordHash() == null && !AuthSettings.load(c, p.id()).allowPasswordSet()) {
        throw ApiException.forbidden("password_set_disabled", "Password set is not enabled for this project");
      }
      UserStore.setPassword(c, u.id(), hash);
      return null;
    });
    return json.createObjectNode().put("status", "ok");
  }

  /** Forgets throttle counters (emulator reset). */
  public void reset() {
    signupsPerIp.clearAll();
    loginsPerIp.clearAll();
    failuresPerEmail.clearAll();
  }

  /** The session response of every grant: tokens and {@code user:{id,email}} (legacy-gateway 1.7). */
  ObjectNode session(User u, UUID sessionId, String refreshToken) {
    ObjectNode out = json.createObjectNode();
    out.put("access_token", tokens.mint(u.projectId(), u.id().toString(), u.email(), u.tokenRole(),
        sessionId.toString(), AccessTokens.TTL));
    out.put("token_type", "bearer");
    out.put("expires_in", AccessTokens.TTL.toSeconds());
    out.put("refresh_token", refreshToken);
    ObjectNode user = out.putObject("user");
    user.put("id", u.id().toString());
    user.put("email", u.email());
    return out;
  }

  /** {email, password} as non-empty strings (JavaScript truthiness), else production's 400. */
  private static String[] credentials(JsonNode body) {
    String email = text(body, "email");
    String password = text(body, "password");
    if (email == null || email.isEmpty() || password == null || password.isEmpty()) {
      throw ApiException.badRequest("invalid_request", "email and password required");
    }
    return new String[] {email, password};
  }

  private static String text(JsonNode body, String field) {
    JsonNode n = body == null ? null : body.get(field);
    return n != null && n.isTextual() ? n.asText() : null;
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }
}
