package com.run402.local.conformance;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One {@code cases/<Spec>.json} file of the corpus (format: CASES-FORMAT.md). Bodies stay
 * {@link JsonNode}s because a JSON body may itself be a string, a number or null, and only
 * {@code bodyFormat} says how to read it.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CaseFile(String source, int extractedCases, int skippedSites, int needsConfigCases, List<Case> cases) {

  public static CaseFile read(ObjectMapper json, Path file) throws IOException {
    return json.readValue(file.toFile(), CaseFile.class);
  }

  /** One {@code shouldRespondWith} assertion. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Case(
      String id,
      String source,
      int line,
      String category,
      String description,
      String example,
      Request request,
      Expected expected,
      String bodyMatch,
      List<String> transforms,
      boolean skip,
      String skipReason,
      String skipClass) {

    public List<String> transforms() {
      return transforms == null ? List.of() : transforms;
    }

    /** The spec file name, e.g. {@code QuerySpec} for id {@code QuerySpec:142}. */
    public String spec() {
      int colon = id.indexOf(':');
      return colon < 0 ? id : id.substring(0, colon);
    }
  }

  /** What to send. {@code bodyFormat}: json (serialize body), text (send as written), none. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Request(
      String method,
      String path,
      String query,
      Map<String, String> headers,
      JsonNode body,
      String bodyFormat,
      Jwt jwt) {

    public Map<String, String> headers() {
      return headers == null ? Map.of() : headers;
    }
  }

  /** A token the runner mints; claim values {@code {"$secondsFromNow": n}} are resolved at mint time. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Jwt(String alg, String secret, Map<String, JsonNode> claims) {}

  /** What must come back. {@code bodyFormat}: json, text, none, ignore. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Expected(
      int status,
      JsonNode body,
      String bodyFormat,
      Map<String, String> headers,
      List<String> headersAbsent,
      List<NameValue> headersContain,
      List<NamePattern> headersMatch) {

    public Map<String, String> headers() {
      return headers == null ? Map.of() : headers;
    }

    public List<String> headersAbsent() {
      return headersAbsent == null ? List.of() : headersAbsent;
    }

    public List<NameValue> headersContain() {
      return headersContain == null ? List.of() : headersContain;
    }

    public List<NamePattern> headersMatch() {
      return headersMatch == null ? List.of() : headersMatch;
    }
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record NameValue(String name, String value) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record NamePattern(String name, String pattern) {}
}
