package com.run402.local.runtime.rest.request;

import java.util.List;

/**
 * {@code field=[not.]op[(any|all)][(lang)].value}. {@code value} is the raw operand for scalar
 * operators; {@code list} holds the parsed elements for {@code in} and for {@code any/all}
 * ({@code eq(any).{a,b}}); {@code language} is the FTS configuration, if given.
 */
public record Filter(Field field, boolean negated, Operator op, Quantifier quantifier, String value,
    List<String> list, String language) {

  public enum Quantifier {
    ANY,
    ALL
  }
}
