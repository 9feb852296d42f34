package com.run402.local.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.run402.local.LocalProject;
import com.run402.local.testsupport.Api;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

/** The Cloud apply dialect over raw HTTP, as the SDK drives it: content plan, presigned PUT, plan, commit. */
final class ApplyFixture {
  private static final HttpClient S3 = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final Api api;
  private final LocalProject p;

  ApplyFixture(Api api, LocalProject p) {
    this.api = api;
    this.p = p;
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Uploads text through /content/v1/plans (when the store lacks it) and returns its wire ref as JSON. */
  String upload(String text, String contentType) throws Exception {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    String sha = sha256(bytes);
    String ref = "{\"sha256\":\"" + sha + "\",\"size\":" + bytes.length + ",\"content_type\":\"" + contentType + "\"}";
    Api.Res plan = api.postJson("/content/v1/plans", Map.of("apikey", p.anonKey()), "{\"content\":[" + ref + "]}");
    assertThat(plan.status()).as(plan.text()).isEqualTo(200);
    for (JsonNode m : plan.json().get("missing")) {
      String url = m.get("parts").get(0).get("url").asText();
      HttpResponse<String> put = S3.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
          .header("x-amz-checksum-sha256", Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha)))
          .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    }
    Api.Res commit = api.postJson("/content/v1/plans/" + plan.json().get("plan_id").asText() + "/commit",
        Map.of("apikey", p.anonKey()), "{}");
    assertThat(commit.status()).as(commit.text()).isEqualTo(200);
    return ref;
  }

  /** A wire migration as the SDK sends it: the SQL uploaded to the content store, named by sql_ref. */
  String migration(String id, String sql) throws Exception {
    String ref = upload(sql, "application/sql");
    return "{\"id\":\"" + id + "\",\"checksum\":\"" + sha256(sql.getBytes(StandardCharsets.UTF_8))
        + "\",\"sql_ref\":" + ref + "}";
  }

  /** POST /apply/v1/plans with the service key; {@code specBody} is the spec without project_id. */
  Api.Res plan(String specBody) {
    String spec = "{\"project_id\":\"" + p.projectId() + "\"" + (specBody.isEmpty() ? "" : "," + specBody) + "}";
    return api.postJson("/apply/v1/plans", Api.bearer(p.serviceKey()), "{\"spec\":" + spec + "}");
  }

  /** Plans and commits; returns the commit response (asserting the plan was accepted). */
  Api.Res apply(String specBody) {
    Api.Res plan = plan(specBody);
    assertThat(plan.status()).as(plan.text()).isEqualTo(200);
    return api.postJson("/apply/v1/plans/" + plan.json().get("plan_id").asText() + "/commit",
        Api.bearer(p.serviceKey()), "{}");
  }
}
