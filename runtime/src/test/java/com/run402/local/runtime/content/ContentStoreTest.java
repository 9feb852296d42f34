package com.run402.local.runtime.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentStoreTest {
  private static final String HELLO_SHA = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";

  @TempDir Path dir;

  @Test
  void stores_bytes_once_under_their_sha256() throws Exception {
    ContentStore cas = new ContentStore(dir);
    ContentRef a = cas.put(in("hello"), 5L, HELLO_SHA);
    ContentRef b = cas.put(in("hello"), null, null);
    assertThat(a).isEqualTo(b).isEqualTo(new ContentRef(HELLO_SHA, 5));
    assertThat(cas.path(HELLO_SHA)).isEqualTo(dir.resolve("sha256/2c/" + HELLO_SHA));
    assertThat(cas.has(HELLO_SHA)).isTrue();
    assertThat(cas.size(HELLO_SHA)).contains(5L);
    assertThat(cas.list()).containsExactly(HELLO_SHA);
    assertThat(a.sha256Base64()).isEqualTo("LPJNul+wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ=");
  }

  @Test
  void opens_ranges() throws Exception {
    ContentStore cas = new ContentStore(dir);
    cas.put(in("hello"), null, null);
    try (InputStream s = cas.open(HELLO_SHA, 1, 3)) {
      assertThat(new String(s.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("ell");
    }
    try (InputStream s = cas.open(HELLO_SHA, 2, -1)) {
      assertThat(new String(s.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("llo");
    }
  }

  @Test
  void refuses_wrong_digest_wrong_size_and_too_large_leaving_no_file() throws Exception {
    ContentStore cas = new ContentStore(dir);
    assertThatThrownBy(() -> cas.put(in("hello"), null, "0".repeat(64)))
        .isInstanceOfSatisfying(ContentMismatchException.class, e -> assertThat(e.kind())
            .isEqualTo(ContentMismatchException.Kind.SHA256));
    assertThatThrownBy(() -> cas.put(in("hello"), 4L, null))
        .isInstanceOfSatisfying(ContentMismatchException.class, e -> assertThat(e.kind())
            .isEqualTo(ContentMismatchException.Kind.SIZE));
    assertThatThrownBy(() -> cas.put(in("hello"), 6L, null)).isInstanceOf(ContentMismatchException.class);
    assertThatThrownBy(() -> cas.put(in("hello"), null, null, 4))
        .isInstanceOfSatisfying(ContentMismatchException.class, e -> assertThat(e.kind())
            .isEqualTo(ContentMismatchException.Kind.TOO_LARGE));
    assertThatThrownBy(() -> cas.put(in("x"), null, "../../etc/passwd")).isInstanceOf(ContentMismatchException.class);
    assertThat(cas.list()).isEmpty();
    try (Stream<Path> tmp = Files.list(dir.resolve("tmp"))) {
      assertThat(tmp).isEmpty();
    }
  }

  @Test
  void gc_deletes_what_is_not_live() {
    ContentStore cas = new ContentStore(dir);
    ContentRef keep = cas.put(in("keep"), null, null);
    cas.put(in("drop"), null, null);
    assertThat(cas.gc(keep.sha256()::equals)).isEqualTo(1);
    assertThat(cas.list()).containsExactly(keep.sha256());
    assertThat(cas.has("../x")).isFalse();
  }

  private static InputStream in(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }
}
