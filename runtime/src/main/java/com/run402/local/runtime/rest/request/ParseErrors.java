package com.run402.local.runtime.rest.request;

import com.run402.local.runtime.rest.RestError;
import com.run402.local.runtime.rest.request.Parsec.Err;
import com.run402.local.runtime.rest.request.Parsec.Kind;
import com.run402.local.runtime.rest.request.Parsec.Msg;
import com.run402.local.runtime.rest.request.Parsec.P;
import com.run402.local.runtime.rest.request.Parsec.Reply;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/** Runs a grammar and turns a Parsec-style failure into PostgREST's PGRST100 error. */
final class ParseErrors {
  private ParseErrors() {}

  /**
   * Parses {@code input} (no end-of-input requirement, like Parsec's {@code parse}). On failure
   * throws PGRST100 with message {@code "<sourceName>" (line l, column c)} and PostgREST's
   * one-line rendering of Parsec's messages as details.
   */
  static <T> T run(P<T> grammar, String sourceName, String input) {
    int[] in = input.codePoints().toArray();
    Reply<T> r = grammar.run(in, 0);
    if (r.ok()) {
      return r.value();
    }
    throw error(sourceName, in, r.err());
  }

  static RestError error(String sourceName, int[] in, Err err) {
    // Parsec's updatePosChar: newline starts a line, tab advances to the next multiple of 8 (+1).
    int line = 1;
    int col = 1;
    for (int i = 0; i < err.pos() && i < in.length; i++) {
      if (in[i] == '\n') {
        line++;
        col = 1;
      } else if (in[i] == '\t') {
        col = col + 8 - ((col - 1) % 8);
      } else {
        col++;
      }
    }
    String message = "\"" + sourceName + "\" (line " + line + ", column " + col + ")";
    return new RestError(400, "PGRST100", message, details(err.msgs()), null);
  }

  /** Parsec's showErrorMessages "or" "unknown parse error" "expecting" "unexpected" "end of input". */
  static String details(List<Msg> msgs) {
    if (msgs.isEmpty()) {
      return "unknown parse error";
    }
    List<String> sys = texts(msgs, Kind.SYS_UNEXPECT);
    List<String> unexpected = texts(msgs, Kind.UNEXPECT);
    List<String> expecting = texts(msgs, Kind.EXPECT);
    List<String> messages = texts(msgs, Kind.MESSAGE);
    String sysLine = "";
    if (unexpected.isEmpty() && !sys.isEmpty()) {
      sysLine = sys.get(0).isEmpty() ? "unexpected end of input" : "unexpected " + sys.get(0);
    }
    List<String> lines = clean(List.of(sysLine, many("unexpected", unexpected),
        many("expecting", expecting), many("", messages)));
    // PostgREST replaces Parsec's newlines with spaces and strips the result.
    return String.join(" ", lines).strip();
  }

  private static List<String> texts(List<Msg> msgs, Kind kind) {
    List<String> out = new ArrayList<>();
    for (Msg m : msgs) {
      if (m.kind() == kind) {
        out.add(m.text());
      }
    }
    return out;
  }

  private static String many(String prefix, List<String> msgs) {
    List<String> ms = clean(msgs);
    if (ms.isEmpty()) {
      return "";
    }
    String body = commasOr(ms);
    return prefix.isEmpty() ? body : prefix + " " + body;
  }

  private static String commasOr(List<String> ms) {
    if (ms.size() == 1) {
      return ms.get(0);
    }
    List<String> init = clean(ms.subList(0, ms.size() - 1));
    return String.join(", ", init) + " or " + ms.get(ms.size() - 1);
  }

  /** nub . filter (not . null) */
  private static List<String> clean(List<String> xs) {
    LinkedHashSet<String> seen = new LinkedHashSet<>();
    for (String x : xs) {
      if (!x.isEmpty()) {
        seen.add(x);
      }
    }
    return new ArrayList<>(seen);
  }
}
