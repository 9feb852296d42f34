package com.run402.local.runtime.rest.request;

import java.util.List;

/** A boolean tree of filters: {@code or=(a.eq.1,and(b.gt.2,c.lt.3))}, {@code not.and=(...)}. */
public sealed interface Logic permits Logic.Expr, Logic.Leaf {

  record Expr(boolean or, boolean negated, List<Logic> children) implements Logic {
    public Expr {
      children = List.copyOf(children);
    }
  }

  record Leaf(Filter filter) implements Logic {}
}
