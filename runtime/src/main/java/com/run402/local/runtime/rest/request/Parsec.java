package com.run402.local.runtime.rest.request;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntPredicate;
import java.util.function.Supplier;

/**
 * A minimal parser-combinator core with Parsec's semantics. PostgREST's PGRST100 texts (position,
 * "unexpected ...", "expecting ...") are whatever Parsec's error merging produces, so matching them
 * means reproducing the consumed/empty distinction, {@code try}, labels and same-position merging,
 * not just the grammar. Input is an array of code points; positions are indices into it.
 */
final class Parsec {
  private Parsec() {}

  enum Kind {
    SYS_UNEXPECT,
    UNEXPECT,
    EXPECT,
    MESSAGE
  }

  record Msg(Kind kind, String text) {}

  /** A parse error at {@code pos}; no messages means "unknown" (it loses every merge). */
  record Err(int pos, List<Msg> msgs) {
    static Err unknown(int pos) {
      return new Err(pos, List.of());
    }

    static Err of(int pos, Kind kind, String text) {
      return new Err(pos, List.of(new Msg(kind, text)));
    }

    boolean isUnknown() {
      return msgs.isEmpty();
    }

    /** Parsec prefers a known error, then the one further in, and concatenates on a tie. */
    Err merge(Err other) {
      if (other.isUnknown() && !isUnknown()) {
        return this;
      }
      if (isUnknown() && !other.isUnknown()) {
        return other;
      }
      if (pos == other.pos) {
        List<Msg> all = new ArrayList<>(msgs);
        all.addAll(other.msgs);
        return new Err(pos, all);
      }
      return pos > other.pos ? this : other;
    }

    /** {@code <?>}: the label replaces every "expecting" message. */
    Err expecting(String label) {
      List<Msg> out = new ArrayList<>();
      out.add(new Msg(Kind.EXPECT, label));
      for (Msg m : msgs) {
        if (m.kind() != Kind.EXPECT) {
          out.add(m);
        }
      }
      return new Err(pos, out);
    }
  }

  record Reply<T>(boolean ok, boolean consumed, T value, int pos, Err err) {
    <U> Reply<U> failed() {
      return new Reply<>(false, consumed, null, pos, err);
    }

    Reply<T> withErr(Err e) {
      return new Reply<>(ok, consumed, value, pos, e);
    }
  }

  @FunctionalInterface
  interface P<T> {
    Reply<T> run(int[] in, int pos);

    /** Monadic bind, merging an empty continuation's error into ours as Parsec does. */
    default <U> P<U> bind(Function<? super T, ? extends P<U>> k) {
      return (in, pos) -> {
        Reply<T> a = run(in, pos);
        if (!a.ok()) {
          return a.failed();
        }
        Reply<U> b = k.apply(a.value()).run(in, a.pos());
        Err err = a.err().isUnknown() || b.consumed() ? b.err() : a.err().merge(b.err());
        return new Reply<>(b.ok(), a.consumed() || b.consumed(), b.value(), b.pos(), err);
      };
    }

    default <U> P<U> map(Function<? super T, ? extends U> f) {
      return (in, pos) -> {
        Reply<T> r = run(in, pos);
        return r.ok() ? new Reply<>(true, r.consumed(), f.apply(r.value()), r.pos(), r.err()) : r.failed();
      };
    }

    /** {@code *>} */
    default <U> P<U> then(P<U> next) {
      return bind(x -> next);
    }

    /** {@code <*} */
    default P<T> skip(P<?> next) {
      return bind(x -> next.map(y -> x));
    }

    /** {@code <|>}: the alternative runs only if this failed without consuming input. */
    default P<T> or(P<? extends T> alt) {
      return (in, pos) -> {
        Reply<T> a = run(in, pos);
        if (a.ok() || a.consumed()) {
          return a;
        }
        Reply<? extends T> b = alt.run(in, pos);
        if (b.consumed()) {
          return new Reply<>(b.ok(), true, b.value(), b.pos(), b.err());
        }
        return new Reply<>(b.ok(), false, b.value(), b.pos(), a.err().merge(b.err()));
      };
    }

    /** {@code try}: a consumed failure becomes an empty one (the error keeps its position). */
    default P<T> attempt() {
      return (in, pos) -> {
        Reply<T> r = run(in, pos);
        return !r.ok() && r.consumed() ? new Reply<>(false, false, null, r.pos(), r.err()) : r;
      };
    }

    /** {@code <?>} */
    default P<T> label(String label) {
      return (in, pos) -> {
        Reply<T> r = run(in, pos);
        if (r.consumed() || (r.ok() && r.err().isUnknown())) {
          return r;
        }
        return r.withErr(r.err().expecting(label));
      };
    }
  }

  static <T> P<T> pure(T value) {
    return (in, pos) -> new Reply<>(true, false, value, pos, Err.unknown(pos));
  }

  static <T> P<T> zero() {
    return (in, pos) -> new Reply<>(false, false, null, pos, Err.unknown(pos));
  }

  /** For recursive grammars; the supplier runs once (a benign race at worst builds it twice). */
  @SuppressWarnings("unchecked")
  static <T> P<T> lazy(Supplier<P<T>> p) {
    Object[] built = new Object[1];
    return (in, pos) -> {
      if (built[0] == null) {
        built[0] = p.get();
      }
      return ((P<T>) built[0]).run(in, pos);
    };
  }

  static P<Integer> satisfy(IntPredicate f) {
    return (in, pos) -> {
      if (pos < in.length && f.test(in[pos])) {
        return new Reply<>(true, true, in[pos], pos + 1, Err.unknown(pos + 1));
      }
      String shown = pos < in.length ? HsShow.string(new String(Character.toChars(in[pos]))) : "";
      return new Reply<>(false, false, null, pos, Err.of(pos, Kind.SYS_UNEXPECT, shown));
    };
  }

  static P<Integer> ch(int c) {
    return satisfy(x -> x == c).label(HsShow.string(new String(Character.toChars(c))));
  }

  static P<Integer> oneOf(String chars) {
    return satisfy(x -> chars.indexOf(x) >= 0);
  }

  static P<Integer> noneOf(String chars) {
    return satisfy(x -> chars.indexOf(x) < 0);
  }

  static P<Integer> anyChar() {
    return satisfy(x -> true);
  }

  /** Haskell's isAlpha: Unicode letters. */
  static P<Integer> letter() {
    return satisfy(Character::isLetter).label("letter");
  }

  /** Haskell's isDigit is ASCII only. */
  static P<Integer> digit() {
    return satisfy(x -> x >= '0' && x <= '9').label("digit");
  }

  /** Parsec's {@code string}: the error is reported at the start even after a partial match. */
  static P<String> str(String s) {
    int[] want = s.codePoints().toArray();
    String shown = HsShow.string(s);
    return (in, pos) -> {
      for (int i = 0; i < want.length; i++) {
        int at = pos + i;
        if (at >= in.length || in[at] != want[i]) {
          String got = at >= in.length ? "" : HsShow.string(new String(Character.toChars(in[at])));
          Err e = new Err(pos, List.of(new Msg(Kind.EXPECT, shown), new Msg(Kind.SYS_UNEXPECT, got)));
          return new Reply<>(false, i > 0, null, pos, e);
        }
      }
      int end = pos + want.length;
      return new Reply<>(true, true, s, end, Err.unknown(end));
    };
  }

  /** {@code eof = notFollowedBy anyToken <?> "end of input"}, including its quirk of not advancing. */
  static P<Object> eof() {
    return (in, pos) -> {
      if (pos >= in.length) {
        Err e = new Err(pos, List.of(new Msg(Kind.EXPECT, "end of input"), new Msg(Kind.SYS_UNEXPECT, "")));
        return new Reply<>(true, false, Boolean.TRUE, pos, e);
      }
      Err e = new Err(pos, List.of(new Msg(Kind.EXPECT, "end of input"), new Msg(Kind.UNEXPECT, HsShow.ch(in[pos]))));
      return new Reply<>(false, false, null, pos, e);
    };
  }

  static <T> P<T> lookAhead(P<T> p) {
    return (in, pos) -> {
      Reply<T> r = p.run(in, pos);
      return r.ok() ? new Reply<>(true, false, r.value(), pos, Err.unknown(pos)) : r;
    };
  }

  /** For character parsers only: the error sits after the offending character, as in Parsec. */
  static P<Object> notFollowedBy(P<Integer> p) {
    return (in, pos) -> {
      Reply<Integer> r = p.run(in, pos);
      if (r.ok()) {
        return new Reply<>(false, false, null, pos, Err.of(r.pos(), Kind.UNEXPECT, HsShow.ch(r.value())));
      }
      return new Reply<>(true, false, Boolean.TRUE, pos, r.err());
    };
  }

  static <T> P<List<T>> many(P<T> p) {
    return (in, pos) -> {
      List<T> xs = new ArrayList<>();
      int cur = pos;
      while (true) {
        Reply<T> r = p.run(in, cur);
        if (r.ok()) {
          if (!r.consumed()) {
            throw new IllegalStateException("many applied to a parser that accepts empty input");
          }
          xs.add(r.value());
          cur = r.pos();
        } else if (r.consumed()) {
          return r.failed();
        } else {
          return new Reply<>(true, cur != pos, List.copyOf(xs), cur, r.err());
        }
      }
    };
  }

  static <T> P<List<T>> many1(P<T> p) {
    return p.bind(x -> many(p).map(xs -> prepend(x, xs)));
  }

  static <T> P<List<T>> sepBy1(P<T> p, P<?> sep) {
    return p.bind(x -> many(sep.then(p)).map(xs -> prepend(x, xs)));
  }

  static <T> P<List<T>> sepBy(P<T> p, P<?> sep) {
    return sepBy1(p, sep).or(pure(List.of()));
  }

  /** {@code optionMaybe}: null stands for Nothing. */
  static <T> P<T> optional(P<T> p) {
    return p.or(pure(null));
  }

  static <T> P<T> option(T dflt, P<T> p) {
    return p.or(pure(dflt));
  }

  static <T> P<T> between(P<?> open, P<?> close, P<T> p) {
    return open.then(p).skip(close);
  }

  static P<String> text(P<List<Integer>> p) {
    return p.map(Parsec::codePoints);
  }

  static String codePoints(List<Integer> cps) {
    StringBuilder sb = new StringBuilder();
    for (int cp : cps) {
      sb.appendCodePoint(cp);
    }
    return sb.toString();
  }

  private static <T> List<T> prepend(T x, List<T> xs) {
    List<T> out = new ArrayList<>(xs.size() + 1);
    out.add(x);
    out.addAll(xs);
    return out;
  }
}
