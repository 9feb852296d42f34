package com.run402.local.runtime.sites;

import java.util.Locale;
import java.util.Map;

/** Content types by file extension (production's src/utils/mime.ts table, legacy-gateway 7.2). */
public final class Mime {
  private static final Map<String, String> TYPES = Map.ofEntries(
      Map.entry("html", "text/html; charset=utf-8"), Map.entry("htm", "text/html; charset=utf-8"),
      Map.entry("css", "text/css; charset=utf-8"), Map.entry("js", "application/javascript; charset=utf-8"),
      Map.entry("mjs", "application/javascript; charset=utf-8"), Map.entry("json", "application/json"),
      Map.entry("map", "application/json"), Map.entry("webmanifest", "application/manifest+json"),
      Map.entry("xml", "application/xml"), Map.entry("txt", "text/plain; charset=utf-8"), Map.entry("csv", "text/csv"),
      Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"),
      Map.entry("gif", "image/gif"), Map.entry("svg", "image/svg+xml"), Map.entry("ico", "image/x-icon"),
      Map.entry("webp", "image/webp"), Map.entry("avif", "image/avif"), Map.entry("woff", "font/woff"),
      Map.entry("woff2", "font/woff2"), Map.entry("ttf", "font/ttf"), Map.entry("otf", "font/otf"),
      Map.entry("eot", "application/vnd.ms-fontobject"), Map.entry("mp3", "audio/mpeg"), Map.entry("mp4", "video/mp4"),
      Map.entry("webm", "video/webm"), Map.entry("ogg", "audio/ogg"), Map.entry("pdf", "application/pdf"),
      Map.entry("zip", "application/zip"), Map.entry("wasm", "application/wasm"));

  private Mime() {}

  public static String of(String path) {
    int slash = path.lastIndexOf('/');
    int dot = path.lastIndexOf('.');
    if (dot <= slash + 1) {
      return "application/octet-stream";
    }
    return TYPES.getOrDefault(path.substring(dot + 1).toLowerCase(Locale.ROOT), "application/octet-stream");
  }

  /** What a site response says: {@code .html} always as UTF-8 HTML, else the stored type or the extension's. */
  public static String forServing(String path, String stored) {
    String byExt = of(path);
    if (byExt.startsWith("text/html")) {
      return byExt;
    }
    if (stored != null && !stored.isBlank() && !stored.equals("application/octet-stream")) {
      return stored;
    }
    return byExt;
  }
}
