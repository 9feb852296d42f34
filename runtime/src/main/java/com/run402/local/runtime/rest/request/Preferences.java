package com.run402.local.runtime.rest.request;

import java.util.List;

/**
 * The {@code Prefer} header(s). Null fields were not given. {@code invalid} lists unrecognised
 * preferences (an error under {@code handling=strict}, see {@link PreferParser#requireValid}).
 * The Preference-Applied header comes from {@link PreferParser#appliedTokens}, filtered by what
 * was honoured. Parsed by {@link PreferParser#parse}.
 */
public record Preferences(
    Return ret,
    Count count,
    Resolution resolution,
    Missing missing,
    Tx tx,
    Handling handling,
    Long maxAffected,
    String timezone,
    List<String> invalid) {

  public static final Preferences NONE =
      new Preferences(null, null, null, null, null, null, null, null, List.of());

  public enum Return {
    MINIMAL("minimal"),
    HEADERS_ONLY("headers-only"),
    REPRESENTATION("representation");

    public final String token;

    Return(String token) {
      this.token = token;
    }
  }

  public enum Count {
    EXACT("exact"),
    PLANNED("planned"),
    ESTIMATED("estimated");

    public final String token;

    Count(String token) {
      this.token = token;
    }
  }

  public enum Resolution {
    MERGE_DUPLICATES("merge-duplicates"),
    IGNORE_DUPLICATES("ignore-duplicates");

    public final String token;

    Resolution(String token) {
      this.token = token;
    }
  }

  public enum Missing {
    DEFAULT("default"),
    NULL("null");

    public final String token;

    Missing(String token) {
      this.token = token;
    }
  }

  public enum Tx {
    COMMIT("commit"),
    ROLLBACK("rollback");

    public final String token;

    Tx(String token) {
      this.token = token;
    }
  }

  public enum Handling {
    STRICT("strict"),
    LENIENT("lenient");

    public final String token;

    Handling(String token) {
      this.token = token;
    }
  }
}
