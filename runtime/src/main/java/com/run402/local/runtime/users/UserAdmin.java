package com.run402.local.runtime.users;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.run402.local.runtime.error.ApiException;
import com.run402.local.runtime.projects.Project;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The project-owner side of auth: settings, the providers list, users created by the service key,
 * admin promotion (legacy-gateway 1.5, 1.7; api-contract 2.5) and the JWKS of the project's
 * access-token keys (api-contract 4.4).
 */
public final class UserAdmin {
  private final Tx tx;
  private final SigningKeys keys;
  private final ObjectMapper json;
  private final Clock clock;
  private final MagicLinks magicLinks;

  public UserAdmin(DataSource admin, SigningKeys keys, ObjectMapper json, Clock clock, MagicLinks magicLinks) {
    this.tx = new Tx(admin);
    this.magicLinks = magicLinks;
    this.keys = keys;
    this.json = json;
    this.clock = clock;
  }

  public AuthSettings settings(Project p) {
    return tx.run(c -> AuthSettings.load(c, p.id()));
  }

  /** {@code PATCH /auth/v1/settings}: the full settings object after the change. */
  public ObjectNode patchSettings(Project p, JsonNode body) {
    return tx.run(c -> {
      AuthSettings next = AuthSettings.load(c, p.id()).patch(body);
      next.save(c, p.id());
      return next.toJson(json);
    });
  }

  /** {@code GET /auth/v1/providers}: what a sign-in page may offer. */
  public ObjectNode providers(Project p) {
    AuthSettings s = settings(p);
    ObjectNode out = json.createObjectNode();
    out.putObject("password").put("enabled", true);
    ObjectNode magic = out.putObject("magic_link").put("enabled", true);
    MagicLinkRequest.DELIVERIES.forEach(magic.putArray("delivery_modes")::add);
    out.putObject("password_set").put("enabled", s.allowPasswordSet());
    out.putObject("passkey").put("enabled", false); // passkey routes answer 501 not_emulated
    ArrayNode oauth = out.putArray("oauth");
    oauth.addObject().put("provider", "google").put("enabled", false).put("display_name", "Google");
    out.put("preferred_sign_in_method", s.preferredSignInMethod());
    out.put("public_signup", s.publicSignup());
    return out;
  }

  /**
   * {@code POST /auth/v1/admin/users}: creates a passwordless user (or reports the existing one
   * with {@code created:false}). {@code send_invite:true} mails a trusted magic link with intent
   * {@code invite} (template {@code project_invite}) to {@code redirect_url}, which it then requires.
   */
  public ObjectNode createUser(Project p, JsonNode body) {
    JsonNode e = body == null ? null : body.get("email");
    if (e == null || !e.isTextual() || e.asText().isEmpty()) {
      throw ApiException.badRequest("invalid_request", "email required");
    }
    String email = EmailRules.normalise(e.asText());
    JsonNode adminFlag = body.get("is_admin");
    if (adminFlag != null && !adminFlag.isNull() && !adminFlag.isBoolean()) {
      throw ApiException.badRequest("invalid_request", "is_admin must be a boolean");
    }
    JsonNode invite = body.get("send_invite");
    if (invite != null && !invite.isNull() && !invite.isBoolean()) {
      throw ApiException.badRequest("invalid_request", "send_invite must be a boolean");
    }
    boolean isAdmin = adminFlag != null && adminFlag.asBoolean(false);
    boolean sendInvite = invite != null && invite.asBoolean(false);
    String redirect = MagicLinkRequest.text(body, "redirect_url");
    if (sendInvite && (redirect == null || redirect.isEmpty())) {
      throw ApiException.badRequest("invalid_request", "redirect_url required");
    }
    if (redirect != null && !redirect.isEmpty()) {
      RedirectRules.check(redirect);
    }
    String clientState = MagicLinkRequest.clientState(body);
    boolean[] created = new boolean[1];
    User u = tx.run(c -> {
      Optional<User> inserted = UserStore.insert(c, p.id(), email, null, isAdmin, clock.instant().truncatedTo(ChronoUnit.MICROS));
      created[0] = inserted.isPresent();
      return inserted.isPresent() ? inserted.get() : UserStore.byEmail(c, p.id(), email).orElseThrow();
    });
    ObjectNode out = json.createObjectNode();
    out.put("id", u.id().toString());
    out.put("email", u.email());
    out.put("is_admin", u.isAdmin());
    out.put("email_verified_at", User.iso(u.emailVerifiedAt()));
    out.put("created", created[0]);
    if (sendInvite) {
      magicLinks.invite(p, u.email(), redirect, clientState).forEach(out.putArray("warnings")::add);
    }
    out.put("invite_sent", sendInvite);
    return out;
  }

  /** {@code POST /projects/v1/admin/:id/promote-user|demote-user}. */
  public ObjectNode setAdmin(Project p, JsonNode body, boolean admin) {
    JsonNode e = body == null ? null : body.get("email");
    if (e == null || !e.isTextual() || e.asText().isBlank()) {
      throw ApiException.badRequest("invalid_request", "Missing or invalid 'email' field");
    }
    String email = e.asText().trim().toLowerCase(java.util.Locale.ROOT);
    boolean found = tx.run(c -> UserStore.setAdmin(c, p.id(), email, admin));
    if (!found) {
      throw ApiException.notFound("user_not_found", "User not found");
    }
    return json.createObjectNode().put("status", admin ? "promoted" : "demoted").put("email", email);
  }

  /** {@code GET /internal/v1/project-jwt-keys}: the JWKS {@code @run402/functions} fetches. */
  public ObjectNode jwks(Project p) {
    SigningKeys.Key k = keys.forProject(p.id());
    ObjectNode out = json.createObjectNode();
    out.putArray("keys").addObject().put("kty", "EC").put("crv", "P-256").put("x", k.x()).put("y", k.y())
        .put("kid", k.kid()).put("alg", "ES256").put("use", "sig");
    return out;
  }
}
