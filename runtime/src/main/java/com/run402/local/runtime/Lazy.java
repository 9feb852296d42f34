package com.run402.local.runtime;

import java.util.function.Supplier;

/**
 * A value built on first use, once, safely across threads: for components that are costly to create
 * (a java.net.http client takes ~100 ms to start) and not needed until a feature is used, so that
 * start-up does not pay for them.
 */
public final class Lazy<T> implements Supplier<T> {
  private final Supplier<T> factory;
  private volatile T value;

  public Lazy(Supplier<T> factory) {
    this.factory = factory;
  }

  @Override
  public T get() {
    T v = value;
    if (v == null) {
      synchronized (this) {
        v = value;
        if (v == null) {
          v = factory.get();
          value = v;
        }
      }
    }
    return v;
  }
}
