package com.run402.local.junit5;

import com.run402.local.Run402Local;
import com.run402.local.Run402Options;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The JUnit 5 extension behind {@link Run402Test}. The running emulator lives in the root store,
 * keyed by its options, so Postgres starts once per JVM whatever the number of test classes, and is
 * stopped when the root context closes.
 */
public final class Run402Extension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(Run402Extension.class);

  private final Run402Options options;

  /** The default: port 0, temporary data dir. */
  public Run402Extension() {
    this(Run402Local.builder().build());
  }

  /** For {@code @RegisterExtension static Run402Extension run402 = new Run402Extension(options)}. */
  public Run402Extension(Run402Options options) {
    this.options = options;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    Run402Local local = instance(context);
    if (reset(context) == Run402Test.Reset.BEFORE_CLASS) {
      local.reset();
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (reset(context) == Run402Test.Reset.BEFORE_EACH) {
      instance(context).reset();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
    return p.getParameter().getType() == Run402Local.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext e) {
    return instance(e);
  }

  /** The shared instance for these options, started on first use. */
  public Run402Local instance(ExtensionContext context) {
    ExtensionContext.Store store = context.getRoot().getStore(NS);
    Run402Options o = optionsFor(context);
    return store.getOrComputeIfAbsent(o, k -> new Holder(Run402Local.start(o)), Holder.class).local;
  }

  /** The options, with the payment mode of the class's {@code @Run402Test} when it asks for one. */
  private Run402Options optionsFor(ExtensionContext context) {
    Run402Test t = context.getTestClass().map(c -> c.getAnnotation(Run402Test.class)).orElse(null);
    if (t == null || t.payments().equals(options.payments().mode())) {
      return options;
    }
    Run402Options o = options;
    return new Run402Options(o.host(), o.port(), o.dataDir(), o.ephemeral(), o.cacheDir(), o.pgIsolation(),
        o.pgUser(), o.startTimeout(), o.clock(), o.rateLimitPerSecond(), o.payments().withMode(t.payments()), o.s3Port());
  }

  private static Run402Test.Reset reset(ExtensionContext context) {
    return context.getTestClass()
        .map(c -> c.getAnnotation(Run402Test.class))
        .map(Run402Test::reset)
        .orElse(Run402Test.Reset.NEVER);
  }

  /** Closes the emulator when JUnit closes the root store (old and new JUnit store contracts). */
  @SuppressWarnings("deprecation")
  static final class Holder implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    final Run402Local local;

    Holder(Run402Local local) {
      this.local = local;
    }

    @Override
    public void close() {
      local.close();
    }
  }
}
