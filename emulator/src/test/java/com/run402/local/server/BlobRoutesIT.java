package com.run402.local.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.run402.local.junit5.Run402Test;
import com.run402.local.testsupport.Api;
import com.run402.local.testsupport.OneProjectPerTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** /storage/v1/blob(s), service-asset-put and the asset/immutable/signed addresses. */
@Run402Test
class BlobRoutesIT extends OneProjectPerTest {

  private Map<String, String> svc() {
    return Map.of("Authorization", "Bearer " + p.serviceKey(), "apikey", p.serviceKey());
  }

  private Api.Res put(String key, String body, String visibility) {
    Map<String, String> h = new HashMap<>(Api.bearer(p.serviceKey()));
    h.put("x-run402-asset-key", key);
    h.put("x-run402-asset-visibility", visibility);
    h.put("x-run402-asset-immutable", "true");
    h.put("Content-Type", "text/plain");
    return api.send("POST", "/apply/v1/service-asset-put", h, body);
  }

  @Test
  void service_asset_put_returns_an_asset_ref_whose_urls_serve_the_bytes() {
    Api.Res r = put("img/hello.txt", "hello", "public");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("sha256").asText())
        .isEqualTo("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
    assertThat(r.json().get("sri").asText()).isEqualTo("sha256-LPJNul+wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ=");
    assertThat(r.json().get("etag").asText())
        .isEqualTo("\"sha256-2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824\"");
    String url = r.json().get("url").asText().substring(api.base().length());
    String imm = r.json().get("immutable_url").asText().substring(api.base().length());
    assertThat(api.get(url, Map.of()).text()).isEqualTo("hello");
    Api.Res i = api.get(imm, Map.of());
    assertThat(i.text()).isEqualTo("hello");
    assertThat(i.raw().headers().firstValue("cache-control")).contains("public, max-age=31536000, immutable");
    Api.Res range = api.get(url, Map.of("Range", "bytes=1-3"));
    assertThat(range.status()).isEqualTo(206);
    assertThat(range.text()).isEqualTo("ell");
    assertThat(api.get("/storage/v1/blob/img/hello.txt", svc()).text()).isEqualTo("hello");
  }

  @Test
  void an_immutable_url_keeps_its_version_after_an_overwrite_until_the_key_is_deleted() {
    String v1 = put("app.js", "one", "public").json().get("immutable_url").asText().substring(api.base().length());
    String v2 = put("app.js", "two", "public").json().get("immutable_url").asText().substring(api.base().length());
    assertThat(v2).isNotEqualTo(v1);
    Api.Res old = api.get(v1, Map.of());
    assertThat(old.status()).as("the page cached before the deploy still finds its script").isEqualTo(200);
    assertThat(old.text()).isEqualTo("one");
    assertThat(old.raw().headers().firstValue("content-type").orElse("")).startsWith("text/plain");
    assertThat(api.get(v2, Map.of()).text()).isEqualTo("two");
    assertThat(api.get("/storage/v1/assets/" + p.projectId() + "/app.js", Map.of()).text()).isEqualTo("two");
    assertThat(api.get(v1.replace("/app.js", "/other.js"), Map.of()).status()).as("a version of that key only")
        .isEqualTo(404);
    assertThat(api.send("DELETE", "/storage/v1/blob/app.js", svc(), null).status()).isBetween(200, 204);
    assertThat(api.get(v1, Map.of()).status()).isEqualTo(404);
    assertThat(api.get(v2, Map.of()).status()).isEqualTo(404);
  }

  @Test
  void private_blobs_need_a_valid_signature() {
    put("secret.txt", "shh", "private");
    String url = "/storage/v1/assets/" + p.projectId() + "/secret.txt";
    assertThat(api.get(url, Map.of()).status()).isEqualTo(404);
    Api.Res s = api.postJson("/storage/v1/blob/secret.txt/sign", svc(), "{\"ttl_seconds\":120}");
    assertThat(s.status()).isEqualTo(200);
    assertThat(s.json().get("expires_in").asLong()).isEqualTo(120);
    String signed = s.json().get("signed_url").asText().substring(api.base().length());
    assertThat(api.get(signed, Map.of()).text()).isEqualTo("shh");
    assertThat(api.get(signed.replace("signature=", "signature=0"), Map.of()).status()).isEqualTo(403);
    assertThat(api.postJson("/storage/v1/blob/secret.txt/sign", svc(), "{\"ttl_seconds\":5}").status()).isEqualTo(400);
  }

  @Test
  void lists_with_prefix_cursor_sort_and_deletes() {
    for (String k : List.of("a/1", "a/2", "a/3", "b/1")) {
      put(k, k, "public");
    }
    Api.Res first = api.get("/storage/v1/blobs?prefix=a/&limit=2", svc());
    assertThat(first.json().get("blobs")).extracting(n -> n.get("key").asText()).containsExactly("a/1", "a/2");
    String cursor = first.json().get("next_cursor").asText();
    Api.Res second = api.get("/storage/v1/blobs?prefix=a/&limit=2&cursor=" + cursor, svc());
    assertThat(second.json().get("blobs")).extracting(n -> n.get("key").asText()).containsExactly("a/3");
    assertThat(second.json().get("next_cursor").isNull()).isTrue();
    assertThat(api.get("/storage/v1/blobs?sort=createdAt:desc&cursor=" + cursor, svc()).json().get("code").asText())
        .isEqualTo("INVALID_CURSOR_FOR_SORT");
    assertThat(api.get("/storage/v1/blobs?sort=size:asc", svc()).status()).isEqualTo(400);
    assertThat(api.send("DELETE", "/storage/v1/blob/a/1", svc(), null).status()).isEqualTo(200);
    assertThat(api.get("/storage/v1/blob/a/1", svc()).status()).isEqualTo(404);
    assertThat(api.send("DELETE", "/storage/v1/blob/a/1", svc(), null).status()).isEqualTo(404);
    assertThat(api.get("/storage/v1/blobs", Map.of("apikey", p.anonKey())).status()).isEqualTo(403);
  }

  @Test
  void unsafe_keys_are_400_in_the_gateway_envelope_and_nothing_is_written_outside_the_data_dir() throws Exception {
    Path dataDir = local.dataDir();
    for (String key : List.of("../x", "/abs", "a/../../b", "a\\b", "k".repeat(1100), "a//b", ".")) {
      Api.Res r = put(key, "x", "public");
      assertThat(r.status()).as(key).isEqualTo(400);
      assertThat(r.json().get("error").asText()).as(key).isEqualTo("invalid_key");
    }
    for (String path : List.of("/storage/v1/blob/a/%2e%2e/b", "/storage/v1/blob/%C0%AE%C0%AE/x",
        "/storage/v1/blob/a%5Cb", "/storage/v1/blob/a%00b")) {
      Api.Res r = api.get(path, svc());
      assertThat(r.status()).as(path).isBetween(400, 404);
      assertThat(r.status()).as(path).isNotEqualTo(500);
      assertThat(r.json()).as(path + " " + r.text()).isNotNull();
      assertThat(r.json().has("error")).isTrue();
    }
    try (Stream<Path> files = Files.walk(dataDir.getParent(), 1)) {
      assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.equals("x") || n.equals("b"));
    }
  }
}
