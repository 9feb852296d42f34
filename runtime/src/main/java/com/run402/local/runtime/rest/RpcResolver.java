package com.run402.local.runtime.rest;

import com.run402.local.runtime.rest.schema.QName;
import com.run402.local.runtime.rest.schema.Routine;
import com.run402.local.runtime.rest.schema.RoutineArg;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Picks the overload a call means, PostgREST's way: every given argument name is a parameter,
 * every parameter without a default is given; a single unnamed json/jsonb parameter takes a POST
 * body whole. None -> PGRST202, several -> PGRST203.
 */
final class RpcResolver {
  private RpcResolver() {}

  /** The chosen routine and whether it takes the whole body as its single unnamed parameter. */
  record Choice(Routine routine, boolean wholeBody) {}

  static Choice choose(List<Routine> overloads, QName name, Set<String> given, boolean post, String contentType) {
    List<Choice> found = new ArrayList<>();
    for (Routine r : overloads) {
      if (post && singleUnnamedJson(r) && (contentType == null || contentType.contains("json"))) {
        found.add(new Choice(r, true));
        continue;
      }
      if (matches(r, given)) {
        found.add(new Choice(r, false));
      }
    }
    if (found.size() > 1) {
      List<Choice> named = found.stream().filter(c -> !c.wholeBody()).toList();
      if (named.size() == 1) {
        return named.get(0);
      }
    }
    if (found.size() == 1) {
      return found.get(0);
    }
    if (found.isEmpty()) {
      throw notFound(name, given, post);
    }
    String list = found.stream().map(c -> signature(c.routine())).collect(Collectors.joining(", "));
    throw new RestError(300, "PGRST203", "Could not choose the best candidate function between: " + list, null,
        "Try renaming the parameters or the function itself in the database so function overloading can be resolved");
  }

  private static boolean matches(Routine r, Set<String> given) {
    Set<String> names = r.args().stream().map(RoutineArg::name).collect(Collectors.toSet());
    if (!names.containsAll(given)) {
      return false;
    }
    for (RoutineArg a : r.args()) {
      if (!a.hasDefault() && !given.contains(a.name()) && !a.variadic()) {
        return false;
      }
    }
    return true;
  }

  static boolean singleUnnamedJson(Routine r) {
    if (r.args().size() != 1 || !r.args().get(0).name().isEmpty()) {
      return false;
    }
    String t = r.args().get(0).type().toLowerCase(Locale.ROOT);
    return t.equals("json") || t.equals("jsonb");
  }

  private static String signature(Routine r) {
    return r.name() + "(" + r.args().stream().map(a -> a.name() + " => " + a.type()).collect(Collectors.joining(", "))
        + ")";
  }

  private static RestError notFound(QName name, Set<String> given, boolean post) {
    List<String> args = new ArrayList<>(given);
    String joined = String.join(", ", args);
    String message = "Could not find the function " + name + (args.isEmpty() ? "" : "(" + joined + ")")
        + " in the schema cache";
    if (args.isEmpty()) {
      message = "Could not find the function " + name + " without parameters in the schema cache";
    }
    String with = args.isEmpty() ? " without parameters"
        : " with parameter" + (args.size() > 1 ? "s " : " ") + joined;
    if (post && !args.isEmpty()) {
      with += " or with a single unnamed json/jsonb parameter";
    }
    return new RestError(404, "PGRST202", message,
        "Searched for the function " + name + with + ", but no matches were found in the schema cache.", null);
  }
}
