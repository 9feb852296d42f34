package com.run402.local.runtime.s3;

import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * One request to the S3 endpoint as the HTTP layer received it: the method, the raw (still
 * percent-encoded) path and query, the headers with lower-case names, and the body stream.
 */
public record S3Request(String method, String rawPath, String rawQuery, Map<String, String> headers, InputStream body) {

  public String header(String lowerName) {
    return headers.get(lowerName);
  }

  public List<SigV4.Param> params() {
    return SigV4.parseQuery(rawQuery);
  }

  /** The value of a query parameter, or null. */
  public String param(String name) {
    for (SigV4.Param p : params()) {
      if (p.name().equals(name)) {
        return p.value();
      }
    }
    return null;
  }

  public boolean hasParam(String name) {
    return params().stream().anyMatch(p -> p.name().equals(name));
  }
}
