package com.run402.local.runtime.s3;

/** An S3 error response: its XML {@code Code}, HTTP status and message (AWS's wording where it has one). */
public final class S3Error extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String code;
  private final int status;

  public S3Error(int status, String code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  public String code() {
    return code;
  }

  public int status() {
    return status;
  }

  static S3Error accessDenied(String message) {
    return new S3Error(403, "AccessDenied", message);
  }

  static S3Error invalidArgument(String message) {
    return new S3Error(400, "InvalidArgument", message);
  }

  static S3Error signatureMismatch() {
    return new S3Error(403, "SignatureDoesNotMatch",
        "The request signature we calculated does not match the signature you provided. Check your key and signing method.");
  }
}
