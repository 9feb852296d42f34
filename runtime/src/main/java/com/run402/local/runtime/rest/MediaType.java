package com.run402.local.runtime.rest;

import java.util.Locale;

/** The response formats the engine produces, chosen from the Accept header. */
public enum MediaType {
  JSON("application/json; charset=utf-8"),
  STRIPPED_JSON("application/vnd.pgrst.array+json;nulls=stripped; charset=utf-8"),
  SINGULAR("application/vnd.pgrst.object+json; charset=utf-8"),
  STRIPPED_SINGULAR("application/vnd.pgrst.object+json;nulls=stripped; charset=utf-8"),
  CSV("text/csv; charset=utf-8");

  public final String contentType;

  MediaType(String contentType) {
    this.contentType = contentType;
  }

  public boolean singular() {
    return this == SINGULAR || this == STRIPPED_SINGULAR;
  }

  public boolean stripNulls() {
    return this == STRIPPED_JSON || this == STRIPPED_SINGULAR;
  }

  /** The first acceptable type in the Accept header; 406 PGRST107 when none is. */
  public static MediaType negotiate(String accept) {
    if (accept == null || accept.isBlank()) {
      return JSON;
    }
    for (String part : accept.split(",")) {
      String[] bits = part.trim().split(";");
      if (bits.length == 0) {
        continue; // e.g. ";;;": nothing acceptable named here
      }
      String type = bits[0].trim().toLowerCase(Locale.ROOT);
      boolean stripped = false;
      for (int i = 1; i < bits.length; i++) {
        if (bits[i].trim().equalsIgnoreCase("nulls=stripped")) {
          stripped = true;
        }
      }
      switch (type) {
        case "*/*":
        case "application/*":
        case "application/json":
          return JSON;
        case "application/vnd.pgrst.array+json":
        case "application/vnd.pgrst.array":
          return stripped ? STRIPPED_JSON : JSON;
        case "application/vnd.pgrst.object+json":
        case "application/vnd.pgrst.object":
          return stripped ? STRIPPED_SINGULAR : SINGULAR;
        case "text/csv":
          return CSV;
        default:
          break;
      }
    }
    throw new RestError(406, "PGRST107", "None of these media types are available: " + accept.trim());
  }
}
