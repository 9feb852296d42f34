package com.run402.local.runtime.sites;

import java.util.Locale;

/**
 * Where sites are served. Each project's live release is {@code http://pr-<public_id>.localhost:PORT/},
 * a release or legacy deployment {@code http://<id with _ as ->.localhost:PORT/}, a claimed subdomain
 * {@code http://<name>.localhost:PORT/}. Clients that cannot resolve {@code *.localhost} use the
 * path form {@code <api base>/__sites/<label>/...}, which serves the same thing.
 *
 * @param scheme http or https, as the API was addressed
 * @param port the emulator's port, as the API was addressed
 */
public record SiteUrls(String scheme, int port) {
  public static final String PROJECT_PREFIX = "pr-";
  public static final String PATH_PREFIX = "/__sites/";

  /** From an API base such as {@code http://127.0.0.1:4402}. */
  public static SiteUrls of(String apiBase) {
    java.net.URI u = java.net.URI.create(apiBase);
    int p = u.getPort() > 0 ? u.getPort() : "https".equals(u.getScheme()) ? 443 : 80;
    return new SiteUrls(u.getScheme() == null ? "http" : u.getScheme(), p);
  }

  public static String projectLabel(String publicId) {
    return PROJECT_PREFIX + publicId.toLowerCase(Locale.ROOT);
  }

  public static String releaseLabel(String releaseId) {
    return releaseId.toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public String project(String publicId) {
    return host(projectLabel(publicId));
  }

  public String release(String releaseId) {
    return host(releaseLabel(releaseId));
  }

  public String subdomain(String name) {
    return host(name);
  }

  private String host(String label) {
    boolean defaultPort = ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
    return scheme + "://" + label + ".localhost" + (defaultPort ? "" : ":" + port);
  }
}
