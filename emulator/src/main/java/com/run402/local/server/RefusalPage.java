package com.run402.local.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.IntFunction;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own refusals (a NUL, an invalid UTF-8 sequence or an ambiguous segment in the URI, headers
 * too large, ...) in the port's own error format instead of Jetty's HTML page: the gateway's JSON
 * envelope on the API port ({@link #json()}), S3 XML on the S3 port.
 */
public final class RefusalPage extends ErrorHandler {
  private final String contentType;
  private final IntFunction<String> body;

  public RefusalPage(String contentType, IntFunction<String> body) {
    this.contentType = contentType;
    this.body = body;
  }

  /** The API port's page: {@code {"error", "message"}}. */
  public static RefusalPage json() {
    return new RefusalPage("application/json", code -> {
      String error = code == 400 ? "invalid_uri" : code == 431 ? "headers_too_large"
          : code == 413 ? "Request body too large" : code >= 500 ? "internal_error" : "bad_request";
      String message = code == 400 ? "The request URI is malformed (NUL, invalid UTF-8 or an ambiguous path segment)"
          : "The request was refused (HTTP " + code + ")";
      return "{\"error\":\"" + error + "\",\"message\":\"" + message + "\"}";
    });
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(HttpHeader.CONTENT_TYPE, contentType);
    fields.put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
    return bytes(status);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    Object st = request.getAttribute(ERROR_STATUS);
    write(response, st instanceof Integer i ? i : response.getStatus(), callback);
    return true;
  }

  @Override
  protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
      Callback callback) throws IOException {
    write(response, code, callback);
  }

  /**
   * Jetty closes the connection after refusing a malformed request, so the answer says so: without
   * {@code Connection: close} a pooling client (java.net.http) put the connection back and its next request
   * failed with "header parser received no bytes" (S3EndpointIT, one run in six).
   */
  private void write(Response response, int code, Callback callback) {
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    if (code == 400 || code == 413 || code == 431) {
      response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
    }
    response.write(true, bytes(code), callback);
  }

  private ByteBuffer bytes(int code) {
    return ByteBuffer.wrap(body.apply(code).getBytes(StandardCharsets.UTF_8));
  }
}
