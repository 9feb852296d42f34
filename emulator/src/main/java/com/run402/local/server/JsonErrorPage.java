package com.run402.local.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own refusals on the API port (a NUL, an invalid UTF-8 sequence or an ambiguous segment in
 * the URI, headers too large) in the gateway's JSON envelope instead of Jetty's HTML page.
 */
final class JsonErrorPage extends ErrorHandler {
  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(HttpHeader.CONTENT_TYPE, "application/json");
    return ByteBuffer.wrap(json(status).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    Object st = request.getAttribute(ERROR_STATUS);
    int code = st instanceof Integer i ? i : response.getStatus();
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.write(true, ByteBuffer.wrap(json(code).getBytes(StandardCharsets.UTF_8)), callback);
    return true;
  }

  private static String json(int code) {
    String error = code == 400 ? "invalid_uri" : code == 431 ? "headers_too_large"
        : code == 413 ? "Request body too large" : code >= 500 ? "internal_error" : "bad_request";
    String message = code == 400 ? "The request URI is malformed (NUL, invalid UTF-8 or an ambiguous path segment)"
        : "The request was refused (HTTP " + code + ")";
    return "{\"error\":\"" + error + "\",\"message\":\"" + message + "\"}";
  }
}
