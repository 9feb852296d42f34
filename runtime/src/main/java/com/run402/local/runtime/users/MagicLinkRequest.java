package com.run402.local.runtime.users;

import com.fasterxml.jackson.databind.JsonNode;
import com.run402.local.runtime.error.ApiException;
import java.util.List;

/**
 * The body of {@code POST /auth/v1/magic-link}, validated in production's order (legacy-gateway
 * 1.7: email, then redirect_url) and then the newer fields of api-contract 2.5, whose messages the
 * notes do not give (ours name the field and the allowed values).
 */
record MagicLinkRequest(String email, String redirectUrl, String delivery, String intent, String clientState) {
  static final List<String> INTENTS = List.of("signin", "invite", "claim", "recovery");
  static final List<String> DELIVERIES = List.of("link", "code", "both");
  /** Our cap on client_state (production's is not in the notes): it travels through a URL-sized flow. */
  static final int MAX_CLIENT_STATE = 4096;

  static MagicLinkRequest parse(JsonNode body) {
    String email = text(body, "email");
    if (email == null || email.isEmpty()) {
      throw ApiException.badRequest("invalid_request", "email required");
    }
    email = EmailRules.normalise(email);
    String delivery = oneOf(body, "delivery", DELIVERIES, "link");
    String redirect = text(body, "redirect_url");
    // A code-only request has no link to render, so it needs no redirect_url.
    if ((redirect == null || redirect.isEmpty()) && !"code".equals(delivery)) {
      throw ApiException.badRequest("invalid_request", "redirect_url required");
    }
    if (redirect != null && !redirect.isEmpty()) {
      RedirectRules.check(redirect);
    } else {
      redirect = null;
    }
    String intent = oneOf(body, "intent", INTENTS, "signin");
    return new MagicLinkRequest(email, redirect, delivery, intent, clientState(body));
  }

  /** client_state is opaque: a string is kept as is, any other JSON value as its JSON text. */
  static String clientState(JsonNode body) {
    JsonNode n = body == null ? null : body.get("client_state");
    if (n == null || n.isNull() || n.isMissingNode()) {
      return null;
    }
    String s = n.isTextual() ? n.asText() : n.toString();
    if (s.length() > MAX_CLIENT_STATE) {
      throw ApiException.badRequest("invalid_request",
          "client_state is too long (at most " + MAX_CLIENT_STATE + " characters)");
    }
    return s;
  }

  private static String oneOf(JsonNode body, String field, List<String> allowed, String fallback) {
    JsonNode n = body.get(field);
    if (n == null || n.isNull()) {
      return fallback;
    }
    if (!n.isTextual() || !allowed.contains(n.asText())) {
      throw ApiException.badRequest("invalid_request", field + " must be one of: " + String.join(", ", allowed));
    }
    return n.asText();
  }

  static String text(JsonNode body, String field) {
    JsonNode n = body == null ? null : body.get(field);
    return n != null && n.isTextual() ? n.asText() : null;
  }
}
