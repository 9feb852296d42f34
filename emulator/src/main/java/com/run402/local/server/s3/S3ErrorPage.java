package com.run402.local.server.s3;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own refusals on the S3 port (a NUL or other illegal byte in the URI, headers too large)
 * answered as S3 XML errors instead of Jetty's HTML page, so S3 clients can parse them.
 */
final class S3ErrorPage extends ErrorHandler {
  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(HttpHeader.CONTENT_TYPE, "application/xml");
    return ByteBuffer.wrap(xml(status).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    Object st = request.getAttribute(ERROR_STATUS);
    int code = st instanceof Integer i ? i : response.getStatus();
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/xml");
    response.write(true, ByteBuffer.wrap(xml(code).getBytes(StandardCharsets.UTF_8)), callback);
    return true;
  }

  @Override
  protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
      Callback callback) throws IOException {
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/xml");
    response.write(true, ByteBuffer.wrap(xml(code).getBytes(StandardCharsets.UTF_8)), callback);
  }

  private static String xml(int code) {
    String s3Code = code == 400 ? "InvalidURI" : code == 431 ? "RequestHeaderSectionTooLarge"
        : code == 413 ? "EntityTooLarge" : code >= 500 ? "InternalError" : "InvalidRequest";
    String body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + s3Code + "</Code><Message>"
        + (code == 400 ? "Couldn't parse the specified URI." : "The request was refused (HTTP " + code + ").")
        + "</Message></Error>";
    return body;
  }
}
