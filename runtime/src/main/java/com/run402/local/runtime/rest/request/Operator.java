package com.run402.local.runtime.rest.request;

import java.util.HashMap;
import java.util.Map;

/** PostgREST's horizontal filtering operators, with their SQL (for the simple ones). */
public enum Operator {
  EQ("eq", "="),
  NEQ("neq", "<>"),
  GT("gt", ">"),
  GTE("gte", ">="),
  LT("lt", "<"),
  LTE("lte", "<="),
  LIKE("like", "LIKE"),
  ILIKE("ilike", "ILIKE"),
  MATCH("match", "~"),
  IMATCH("imatch", "~*"),
  IN("in", "IN"),
  IS("is", "IS"),
  ISDISTINCT("isdistinct", "IS DISTINCT FROM"),
  FTS("fts", "@@"),
  PLFTS("plfts", "@@"),
  PHFTS("phfts", "@@"),
  WFTS("wfts", "@@"),
  CS("cs", "@>"),
  CD("cd", "<@"),
  OV("ov", "&&"),
  SL("sl", "<<"),
  SR("sr", ">>"),
  NXR("nxr", "&<"),
  NXL("nxl", "&>"),
  ADJ("adj", "-|-");

  private static final Map<String, Operator> BY_TOKEN = new HashMap<>();

  static {
    for (Operator o : values()) {
      BY_TOKEN.put(o.token, o);
    }
  }

  private final String token;
  private final String sql;

  Operator(String token, String sql) {
    this.token = token;
    this.sql = sql;
  }

  public String token() {
    return token;
  }

  public String sql() {
    return sql;
  }

  /** Null when {@code token} is not an operator. */
  public static Operator byToken(String token) {
    return BY_TOKEN.get(token);
  }

  public boolean isFts() {
    return this == FTS || this == PLFTS || this == PHFTS || this == WFTS;
  }

  /** Operators that accept the {@code (any)} / {@code (all)} modifiers. */
  public boolean quantifiable() {
    return switch (this) {
      case EQ, GT, GTE, LT, LTE, LIKE, ILIKE, MATCH, IMATCH -> true;
      default -> false;
    };
  }
}
