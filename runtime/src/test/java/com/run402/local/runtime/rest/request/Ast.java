package com.run402.local.runtime.rest.request;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.run402.local.runtime.rest.RestError;
import com.run402.local.runtime.rest.request.SelectItem.Col;
import com.run402.local.runtime.rest.request.SelectItem.Embed;
import com.run402.local.runtime.rest.request.SelectItem.JoinType;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Short builders for expected ASTs, and the PGRST error assertion the parser tests share. */
final class Ast {
  private Ast() {}

  static Field f(String name, JsonStep... json) {
    return new Field(name, List.of(json));
  }

  /** {@code ->key} */
  static JsonStep key(String k) {
    return new JsonStep(k, false, false);
  }

  /** {@code ->>key} */
  static JsonStep keyText(String k) {
    return new JsonStep(k, false, true);
  }

  static JsonStep idx(String i) {
    return new JsonStep(i, true, false);
  }

  static JsonStep idxText(String i) {
    return new JsonStep(i, true, true);
  }

  static Col col(String name) {
    return Col.of(name);
  }

  static Col col(Field field, String alias, String cast) {
    return new Col(field, alias, cast, null, null);
  }

  static Col agg(Field field, String alias, String cast, String aggregate, String aggCast) {
    return new Col(field, alias, cast, aggregate, aggCast);
  }

  static Embed embed(String rel, SelectItem... children) {
    return new Embed(rel, null, null, null, false, List.of(children));
  }

  static Embed embed(String rel, String alias, String hint, JoinType join, SelectItem... children) {
    return new Embed(rel, alias, hint, join, false, List.of(children));
  }

  static Embed spread(String rel, String hint, JoinType join, SelectItem... children) {
    return new Embed(rel, null, hint, join, true, List.of(children));
  }

  static Filter flt(Field field, Operator op, String value) {
    return new Filter(field, false, op, null, value, null, null);
  }

  static Filter flt(String field, Operator op, String value) {
    return flt(f(field), op, value);
  }

  static Filter notFlt(String field, Operator op, String value) {
    return new Filter(f(field), true, op, null, value, null, null);
  }

  static Filter in(String field, String... values) {
    return new Filter(f(field), false, Operator.IN, null, null, List.of(values), null);
  }

  static Logic.Leaf leaf(Filter filter) {
    return new Logic.Leaf(filter);
  }

  static Logic.Expr or(Logic... children) {
    return new Logic.Expr(true, false, Arrays.asList(children));
  }

  static Logic.Expr and(Logic... children) {
    return new Logic.Expr(false, false, Arrays.asList(children));
  }

  static Logic.Expr not(Logic.Expr e) {
    return new Logic.Expr(e.or(), true, e.children());
  }

  static <T> Scoped<T> root(T value) {
    return new Scoped<>(List.of(), value);
  }

  static <T> Scoped<T> at(List<String> path, T value) {
    return new Scoped<>(path, value);
  }

  static void assertError(ThrowingCallable call, int status, String code, String message,
      String details) {
    assertThatThrownBy(call).isInstanceOfSatisfying(RestError.class, e -> {
      org.assertj.core.api.Assertions.assertThat(e.status()).as("status").isEqualTo(status);
      org.assertj.core.api.Assertions.assertThat(e.code()).as("code").isEqualTo(code);
      org.assertj.core.api.Assertions.assertThat(e.getMessage()).as("message").isEqualTo(message);
      org.assertj.core.api.Assertions.assertThat(e.details()).as("details").isEqualTo(details);
      org.assertj.core.api.Assertions.assertThat(e.hint()).as("hint").isNull();
    });
  }

  static void assertParse400(ThrowingCallable call, String message, String details) {
    assertError(call, 400, "PGRST100", message, details);
  }
}
