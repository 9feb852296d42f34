package com.run402.local.runtime.expose;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One finding of manifest validation, in the wire shape of api-contract 2.1:
 * {@code {type, severity: "error"|"warning", detail, fix?}}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Issue(String type, String severity, String detail, String fix) {
  public static final String MISSING_TABLE = "missing-table";
  public static final String MISSING_COLUMN = "missing-column";
  public static final String MISSING_VIEW_BASE = "missing-view-base";
  public static final String MISSING_RPC = "missing-rpc";
  public static final String AMBIGUOUS_RPC = "ambiguous-rpc";
  public static final String UNRESTRICTED_ACK = "unrestricted-ack-required";
  public static final String SENSITIVE_PUBLIC_WRITE = "sensitive-column-public-write";
  public static final String ROLE_UNKNOWN = "grant-to-role-unknown";
  public static final String FORCE_OWNER_NO_COLUMN = "force-owner-without-owner-column";
  public static final String INCONCLUSIVE = "validation-inconclusive";
  public static final String SCHEMA_SHAPE = "schema-shape";

  public static Issue error(String type, String detail, String fix) {
    return new Issue(type, "error", detail, fix);
  }

  public static Issue warning(String type, String detail, String fix) {
    return new Issue(type, "warning", detail, fix);
  }

  @com.fasterxml.jackson.annotation.JsonIgnore
  public boolean isError() {
    return "error".equals(severity);
  }
}
