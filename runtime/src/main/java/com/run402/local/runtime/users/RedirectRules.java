package com.run402.local.runtime.users;

import com.run402.local.runtime.error.ApiException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Where a magic link may send the browser (legacy-gateway 1.7): {@code http://localhost:*},
 * {@code http://127.0.0.1:*}, or {@code https://<name>.run402.com} for a subdomain the project has
 * claimed. Subdomain claims are not emulated, so no run402.com origin is claimed here and only
 * the loopback origins pass, which is also what a developer machine uses.
 */
final class RedirectRules {
  private RedirectRules() {}

  /** The URL when allowed; production's 400 otherwise. */
  static String check(String url) {
    if (!allowed(url)) {
      throw ApiException.badRequest("invalid_redirect_url", "redirect_url is not an allowed origin for this project");
    }
    return url;
  }

  private static boolean allowed(String url) {
    URI u;
    try {
      u = new URI(url);
    } catch (URISyntaxException e) {
      return false;
    }
    if (u.getScheme() == null || u.getRawAuthority() == null || u.getHost() == null || u.getRawUserInfo() != null) {
      return false;
    }
    String scheme = u.getScheme().toLowerCase(Locale.ROOT);
    String host = u.getHost().toLowerCase(Locale.ROOT);
    return "http".equals(scheme) && ("localhost".equals(host) || "127.0.0.1".equals(host));
  }

  /** Production's link: the token appended as a query parameter. */
  static String link(String redirectUrl, String token) {
    return redirectUrl + (redirectUrl.contains("?") ? "&" : "?") + "token="
        + java.net.URLEncoder.encode(token, java.nio.charset.StandardCharsets.UTF_8);
  }
}
