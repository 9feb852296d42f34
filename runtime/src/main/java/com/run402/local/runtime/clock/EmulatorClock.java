package com.run402.local.runtime.clock;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The emulator clock: a base clock (real time by default) plus an offset that tests move forward
 * ({@code POST /__local/clock}). Created once per engine and handed to every component through
 * {@code RuntimeConfig.clock()}, so token expiry, SIWX windows and leases all see the same "now".
 */
public final class EmulatorClock extends Clock {
  private final Clock base;
  private final AtomicReference<Duration> offset;
  private final List<Runnable> listeners;

  public EmulatorClock(Clock base) {
    this(base, new AtomicReference<>(Duration.ZERO), new CopyOnWriteArrayList<>());
  }

  private EmulatorClock(Clock base, AtomicReference<Duration> offset, List<Runnable> listeners) {
    this.base = base;
    this.offset = offset;
    this.listeners = listeners;
  }

  /** Wraps {@code c} unless it already is an emulator clock. */
  public static EmulatorClock of(Clock c) {
    return c instanceof EmulatorClock e ? e : new EmulatorClock(c);
  }

  /** Moves the clock forward; returns the new now. Listeners run on the caller's thread. */
  public Instant advance(Duration d) {
    if (d == null || d.isNegative()) {
      throw new IllegalArgumentException("The clock only moves forward; got " + d);
    }
    offset.accumulateAndGet(d, Duration::plus);
    listeners.forEach(Runnable::run);
    return instant();
  }

  /** Back to the base clock (offset zero). */
  public void reset() {
    offset.set(Duration.ZERO);
    listeners.forEach(Runnable::run);
  }

  /**
   * The clock underneath (real time by default). Checks of what clients sign with their own wall
   * clock (SIWX issuedAt) use it, so an advanced emulator clock does not lock clients out.
   */
  public Clock base() {
    return base;
  }

  /** How far ahead of the base clock this clock runs. */
  public Duration offset() {
    return offset.get();
  }

  /** Runs {@code r} after every advance or reset (for example the lease sweep). */
  public void onChange(Runnable r) {
    listeners.add(r);
  }

  @Override
  public Instant instant() {
    return base.instant().plus(offset.get());
  }

  @Override
  public ZoneId getZone() {
    return base.getZone();
  }

  /** Same offset and listeners, another zone (java.time contract). */
  @Override
  public Clock withZone(ZoneId zone) {
    return zone.equals(getZone()) ? this : new EmulatorClock(base.withZone(zone), offset, listeners);
  }
}
