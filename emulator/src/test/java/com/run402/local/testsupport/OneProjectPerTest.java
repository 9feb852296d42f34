package com.run402.local.testsupport;

import com.run402.local.LocalProject;
import com.run402.local.Run402Local;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of route ITs that give every test its own fresh project on the shared emulator (annotate the
 * subclass with {@code @Run402Test}). Runs before the subclass's own {@code @BeforeEach} methods.
 */
public abstract class OneProjectPerTest {
  protected Run402Local local;
  protected Api api;
  protected LocalProject p;

  @BeforeEach
  void freshProject(Run402Local local) {
    this.local = local;
    api = new Api(local.baseUri());
    p = local.createProject(getClass().getSimpleName() + "-" + System.nanoTime());
  }
}
