package com.run402.local.runtime.rest;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The root page of a read: {@code offset}/{@code limit} params intersected with the Range
 * header and max-rows, and the status/Content-Range rules PostgREST applies to the result.
 */
record Page(long offset, Long limit) {
  private static final Pattern RANGE = Pattern.compile("^\\s*(?:[A-Za-z]+=)?(\\d{1,18})-(\\d{0,18})\\s*$");

  static Page of(Long offsetParam, Long limitParam, String rangeHeader, Long maxRows) {
    long offset = offsetParam == null || offsetParam < 0 ? 0 : offsetParam;
    Long limit = limitParam;
    if (rangeHeader != null) {
      Matcher m = RANGE.matcher(rangeHeader);
      if (m.matches()) {
        long lower = Long.parseLong(m.group(1));
        Long upper = m.group(2).isEmpty() ? null : Long.parseLong(m.group(2));
        if (upper != null && upper < lower) {
          throw new RestError(416, "PGRST103", "Requested range not satisfiable",
              "The lower boundary must be lower than or equal to the upper boundary in the Range header.", null);
        }
        // The page is the intersection of the Range header and limit/offset, as in PostgREST.
        long from = Math.max(offset, lower);
        Long to = limit == null ? null : offset + limit - 1;
        if (upper != null) {
          to = to == null ? upper : Math.min(to, upper);
        }
        offset = from;
        limit = to == null ? null : Math.max(0, to - from + 1);
      }
    }
    if (maxRows != null) {
      limit = limit == null ? maxRows : Math.min(limit, maxRows);
    }
    return new Page(offset, limit);
  }

  /** 200, 206 (partial with a known total) or 416 (offset past the end). */
  int status(long pageTotal, Long total) {
    if (total == null) {
      return 200;
    }
    if (offset > total && !(offset == 0)) {
      return 416;
    }
    if (offset > 0 && total == 0) {
      return 416;
    }
    long upper = offset + pageTotal - 1;
    return (1 + upper - offset) < total ? 206 : 200;
  }

  RestError unsatisfiable(Long total) {
    return new RestError(416, "PGRST103", "Requested range not satisfiable",
        "An offset of " + offset + " was requested, but there are only " + total + " rows.", null);
  }
}
