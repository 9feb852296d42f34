package com.run402.local.junit5;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class against run402-local. One emulator (port 0, ephemeral data) is started per JVM
 * and shared; test methods and lifecycle methods get it by declaring a {@code Run402Local} parameter.
 *
 * <pre>{@code
 * @Run402Test
 * class TodoApiTest {
 *   @Test void creates_a_project(Run402Local run402) {
 *     LocalProject p = run402.createProject("todo");
 *     // run402.baseUri(), p.anonKey(), p.serviceKey() ...
 *   }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(Run402Extension.class)
public @interface Run402Test {
  /** When the shared emulator is reset to empty. */
  Reset reset() default Reset.BEFORE_CLASS;

  /** {@code x402} (the default: paid routes answer 402) or {@code free} (paid routes succeed at no cost). */
  String payments() default "x402";

  /** Reset policy. */
  enum Reset {
    /** Never: projects accumulate (each test makes its own; provisioning takes milliseconds). */
    NEVER,
    /** Before each test class (before its {@code @BeforeAll} methods). */
    BEFORE_CLASS,
    /** Before each test method (after {@code @BeforeAll}, so do not provision there). */
    BEFORE_EACH
  }
}
