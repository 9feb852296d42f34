package com.run402.local.server;

import io.javalin.http.Context;
import java.util.Map;

/** Writes an error response in the production envelope. */
public interface ErrorWriter {
  void write(Context ctx, int status, String error, String message, Map<String, Object> extra);
}
