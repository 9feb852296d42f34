package com.run402.local.runtime.users;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.run402.local.runtime.error.ApiException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** A project's auth settings (api-contract 2.5 {@code PATCH /auth/v1/settings}); defaults when never set. */
public record AuthSettings(boolean allowPasswordSet, String preferredSignInMethod, String publicSignup,
    boolean requirePasskeyForProjectAdmin, List<String> allowedEmailDomains) {

  static final AuthSettings DEFAULTS = new AuthSettings(false, null, "open", false, List.of());
  private static final Set<String> METHODS = Set.of("password", "magic_link", "oauth_google", "passkey");
  private static final Set<String> SIGNUP = Set.of("open", "known_email", "invite_only");
  private static final Set<String> FIELDS = Set.of("allow_password_set", "preferred_sign_in_method", "public_signup",
      "require_passkey_for_project_admin", "allowed_email_domains");

  /** The full settings object the route answers with. */
  public ObjectNode toJson(ObjectMapper json) {
    ObjectNode n = json.createObjectNode();
    n.put("allow_password_set", allowPasswordSet);
    n.put("preferred_sign_in_method", preferredSignInMethod);
    n.put("public_signup", publicSignup);
    n.put("require_passkey_for_project_admin", requirePasskeyForProjectAdmin);
    allowedEmailDomains.forEach(n.putArray("allowed_email_domains")::add);
    return n;
  }

  /** True when signup may proceed for {@code email}'s domain. */
  boolean domainAllowed(String email) {
    return allowedEmailDomains.isEmpty() || allowedEmailDomains.contains(EmailRules.domain(email));
  }

  /** These settings with a PATCH body applied; 400 naming the first bad field. */
  AuthSettings patch(JsonNode body) {
    if (body == null || !body.isObject() || body.isEmpty()) {
      throw bad("Body must be an object with at least one of " + String.join(", ", FIELDS.stream().sorted().toList()));
    }
    body.fieldNames().forEachRemaining(f -> {
      if (!FIELDS.contains(f)) {
        throw bad("Unknown setting '" + f + "'");
      }
    });
    boolean allow = bool(body, "allow_password_set", allowPasswordSet);
    boolean passkey = bool(body, "require_passkey_for_project_admin", requirePasskeyForProjectAdmin);
    String method = preferredSignInMethod;
    if (body.has("preferred_sign_in_method")) {
      JsonNode m = body.get("preferred_sign_in_method");
      if (!m.isNull() && !(m.isTextual() && METHODS.contains(m.asText()))) {
        throw bad("preferred_sign_in_method must be one of password, magic_link, oauth_google, passkey or null");
      }
      method = m.isNull() ? null : m.asText();
    }
    String signup = publicSignup;
    if (body.has("public_signup")) {
      JsonNode s = body.get("public_signup");
      if (!s.isTextual() || !SIGNUP.contains(s.asText())) {
        throw bad("public_signup must be one of open, known_email, invite_only");
      }
      signup = s.asText();
    }
    List<String> domains = allowedEmailDomains;
    if (body.has("allowed_email_domains")) {
      domains = domains(body.get("allowed_email_domains"));
    }
    return new AuthSettings(allow, method, signup, passkey, domains);
  }

  static AuthSettings load(Connection c, String projectId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT allow_password_set, preferred_sign_in_method, public_signup, "
        + "require_passkey_for_project_admin, allowed_email_domains FROM internal.auth_settings WHERE project_id = ?")) {
      ps.setString(1, projectId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return DEFAULTS;
        }
        String[] d = (String[]) rs.getArray(5).getArray();
        return new AuthSettings(rs.getBoolean(1), rs.getString(2), rs.getString(3), rs.getBoolean(4), List.of(d));
      }
    }
  }

  void save(Connection c, String projectId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO internal.auth_settings (project_id, allow_password_set, "
        + "preferred_sign_in_method, public_signup, require_passkey_for_project_admin, allowed_email_domains, updated_at) "
        + "VALUES (?, ?, ?, ?, ?, ?, now()) ON CONFLICT (project_id) DO UPDATE SET allow_password_set = EXCLUDED.allow_password_set, "
        + "preferred_sign_in_method = EXCLUDED.preferred_sign_in_method, public_signup = EXCLUDED.public_signup, "
        + "require_passkey_for_project_admin = EXCLUDED.require_passkey_for_project_admin, "
        + "allowed_email_domains = EXCLUDED.allowed_email_domains, updated_at = now()")) {
      Array domains = c.createArrayOf("text", allowedEmailDomains.toArray());
      ps.setString(1, projectId);
      ps.setBoolean(2, allowPasswordSet);
      ps.setString(3, preferredSignInMethod);
      ps.setString(4, publicSignup);
      ps.setBoolean(5, requirePasskeyForProjectAdmin);
      ps.setArray(6, domains);
      ps.executeUpdate();
    }
  }

  private static boolean bool(JsonNode body, String field, boolean current) {
    if (!body.has(field)) {
      return current;
    }
    if (!body.get(field).isBoolean()) {
      throw bad(field.equals("allow_password_set") ? "allow_password_set (boolean) required" : field + " must be a boolean");
    }
    return body.get(field).asBoolean();
  }

  private static List<String> domains(JsonNode n) {
    if (!n.isArray() || n.size() > 100) {
      throw bad("allowed_email_domains must be an array of at most 100 domain names");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode d : n) {
      String s = d.isTextual() ? d.asText().trim().toLowerCase(Locale.ROOT) : "";
      if (s.startsWith("@")) {
        s = s.substring(1);
      }
      if (!s.matches("^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$") || s.length() > 253) {
        throw bad("allowed_email_domains: '" + d.asText() + "' is not a domain name");
      }
      if (!out.contains(s)) {
        out.add(s);
      }
    }
    return List.copyOf(out);
  }

  private static ApiException bad(String message) {
    return ApiException.badRequest("invalid_settings", message);
  }
}
