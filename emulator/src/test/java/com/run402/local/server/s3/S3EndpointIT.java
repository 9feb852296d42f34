package com.run402.local.server.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.run402.local.junit5.Run402Test;
import com.run402.local.testsupport.OneProjectPerTest;
import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The S3 endpoint with the real minio-java client: bucket and access key = project id, secret = service key. */
@Run402Test
class S3EndpointIT extends OneProjectPerTest {
  private MinioClient s3;
  private String bucket;

  @BeforeEach
  void client() {
    bucket = com.run402.local.runtime.s3.S3Service.bucketName(p.projectId());
    s3 = MinioClient.builder().endpoint(local.s3Uri().toString()).region("us-east-1")
        .credentials(p.projectId(), p.serviceKey()).build();
  }

  @Test
  void put_get_range_stat_list_delete() throws Exception {
    assertThat(s3.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())).isTrue();
    byte[] bytes = "hello, s3 world".getBytes(StandardCharsets.UTF_8);
    s3.putObject(PutObjectArgs.builder().bucket(bucket).object("docs/a b+c.txt")
        .stream(new ByteArrayInputStream(bytes), (long) bytes.length, -1L).contentType("text/plain").build());
    s3.putObject(PutObjectArgs.builder().bucket(bucket).object("docs/sub/x.bin")
        .stream(new ByteArrayInputStream(new byte[] {1, 2, 3}), 3L, -1L).build());
    s3.putObject(PutObjectArgs.builder().bucket(bucket).object("top.txt")
        .stream(new ByteArrayInputStream(new byte[] {9}), 1L, -1L).build());

    try (InputStream in = s3.getObject(GetObjectArgs.builder().bucket(bucket).object("docs/a b+c.txt").build())) {
      assertThat(in.readAllBytes()).isEqualTo(bytes);
    }
    try (InputStream in = s3.getObject(GetObjectArgs.builder().bucket(bucket).object("docs/a b+c.txt")
        .offset(7L).length(2L).build())) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("s3");
    }
    StatObjectResponse st = s3.statObject(StatObjectArgs.builder().bucket(bucket).object("docs/a b+c.txt").build());
    assertThat(st.size()).isEqualTo(bytes.length);
    assertThat(st.contentType()).isEqualTo("text/plain");

    assertThat(keys(ListObjectsArgs.builder().bucket(bucket).recursive(true).build()))
        .containsExactly("docs/a b+c.txt", "docs/sub/x.bin", "top.txt");
    assertThat(keys(ListObjectsArgs.builder().bucket(bucket).prefix("docs/").build()))
        .containsExactly("docs/a b+c.txt", "docs/sub/");
    assertThat(keys(ListObjectsArgs.builder().bucket(bucket).recursive(true).maxKeys(1).build()))
        .containsExactly("docs/a b+c.txt", "docs/sub/x.bin", "top.txt"); // paged by continuation token

    s3.removeObject(RemoveObjectArgs.builder().bucket(bucket).object("top.txt").build());
    assertThatThrownBy(() -> s3.statObject(StatObjectArgs.builder().bucket(bucket).object("top.txt").build()))
        .isInstanceOfSatisfying(ErrorResponseException.class,
            e -> assertThat(e.errorResponse().code()).isEqualTo("NoSuchKey"));
  }

  @Test
  void local_info_lists_the_s3_endpoint() {
    assertThat(api.get("/__local/info", java.util.Map.of()).json().get("s3_endpoint").asText())
        .isEqualTo(local.s3Uri().toString());
  }

  @Test
  void multipart_upload_of_an_unknown_length_stream() throws Exception {
    byte[] big = new byte[12 * 1024 * 1024 + 17];
    new Random(7).nextBytes(big);
    s3.putObject(PutObjectArgs.builder().bucket(bucket).object("big.bin")
        .stream(new ByteArrayInputStream(big), -1L, 5L * 1024 * 1024).build());
    try (InputStream in = s3.getObject(GetObjectArgs.builder().bucket(bucket).object("big.bin").build())) {
      assertThat(in.readAllBytes()).isEqualTo(big);
    }
  }

  @Test
  void wrong_secret_unknown_key_and_other_bucket_are_refused_with_s3_errors() throws Exception {
    MinioClient wrong = MinioClient.builder().endpoint(local.s3Uri().toString()).region("us-east-1")
        .credentials(p.projectId(), p.serviceKey() + "x").build();
    assertThatThrownBy(() -> wrong.statObject(StatObjectArgs.builder().bucket(bucket).object("k").build()))
        .isInstanceOfSatisfying(ErrorResponseException.class, e -> assertThat(e.response().code()).isEqualTo(403));
    MinioClient unknown = MinioClient.builder().endpoint(local.s3Uri().toString()).region("us-east-1")
        .credentials("prj_nope", "secret").build();
    assertThatThrownBy(() -> unknown.putObject(PutObjectArgs.builder().bucket(bucket).object("k")
        .stream(new ByteArrayInputStream(new byte[1]), 1L, -1L).build()))
        .isInstanceOfSatisfying(ErrorResponseException.class,
            e -> assertThat(e.errorResponse().code()).isEqualTo("InvalidAccessKeyId"));
    var other = local.createProject("other-" + System.nanoTime());
    assertThatThrownBy(() -> s3.putObject(PutObjectArgs.builder().bucket(com.run402.local.runtime.s3.S3Service.bucketName(other.projectId())).object("k")
        .stream(new ByteArrayInputStream(new byte[1]), 1L, -1L).build()))
        .isInstanceOfSatisfying(ErrorResponseException.class,
            e -> assertThat(e.errorResponse().code()).isEqualTo("AccessDenied"));
  }

  @Test
  void presigned_get_works_and_a_tampered_one_is_refused() throws Exception {
    s3.putObject(PutObjectArgs.builder().bucket(bucket).object("p.txt")
        .stream(new ByteArrayInputStream("presigned".getBytes(StandardCharsets.UTF_8)), 9L, -1L).build());
    String url = s3.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder().method(io.minio.Http.Method.GET)
        .bucket(bucket).object("p.txt").expiry(60).build());
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> ok = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).isEqualTo("presigned");
    HttpResponse<String> bad = http.send(HttpRequest.newBuilder(URI.create(url.replace("p.txt", "q.txt"))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(bad.statusCode()).isEqualTo(403);
    assertThat(bad.body()).contains("<Code>SignatureDoesNotMatch</Code>");
  }

  @Test
  void unsafe_keys_are_400_and_nothing_lands_outside_the_data_dir() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    for (String path : List.of("/" + bucket + "/a/%2e%2e/b", "/" + bucket + "/a/../../x", "/" + bucket + "/a%00b",
        "/" + bucket + "/a%5Cb", "/" + bucket + "/%C0%AE%C0%AE/x", "/" + bucket + "/" + "k".repeat(1100))) {
      String url = s3.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder().method(io.minio.Http.Method.PUT)
          .bucket(bucket).object("placeholder").expiry(60).build());
      String signedQuery = url.substring(url.indexOf('?'));
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(local.s3Uri() + path + signedQuery))
          .PUT(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(path).isBetween(400, 403);
      assertThat(r.body()).as(path + " " + r.statusCode() + " " + r.headers().map()).contains("<Error><Code>");
      if (r.body().contains("<Code>InvalidURI</Code>")) { // Jetty's parser refused it and closes the connection
        assertThat(r.headers().firstValue("connection")).as(path).contains("close");
      }
    }
  }

  private List<String> keys(ListObjectsArgs args) throws Exception {
    List<String> out = new ArrayList<>();
    for (Result<Item> r : s3.listObjects(args)) {
      out.add(r.get().objectName());
    }
    return out;
  }
}
