package com.run402.local.server.s3;

import com.run402.local.server.RefusalPage;

/**
 * Jetty's own refusals on the S3 port (a NUL or other illegal byte in the URI, headers too large)
 * answered as S3 XML errors instead of Jetty's HTML page, so S3 clients can parse them.
 */
final class S3ErrorPage {
  private S3ErrorPage() {}

  static RefusalPage create() {
    return new RefusalPage("application/xml", S3ErrorPage::xml);
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
