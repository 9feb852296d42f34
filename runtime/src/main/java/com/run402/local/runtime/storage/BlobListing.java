package com.run402.local.runtime.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.run402.local.runtime.error.ApiException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code GET /storage/v1/blobs}: a keyset page of the project's blobs ({@code prefix}, {@code limit}
 * 1..1000 default 100, {@code sort}, opaque {@code cursor} bound to its sort, {@code filter[k]=v}).
 * Filters {@code is_image}, {@code format} (image subtype), {@code tag} (metadata {@code tags}),
 * {@code uploaded_by} (metadata) apply; width/height filters need image intrinsics, which are not
 * computed: they answer 501 not_emulated.
 */
public final class BlobListing {
  private static final int MAX_SCAN_BATCHES = 50;

  private final ObjectStore objects;
  private final ObjectMapper json;

  public BlobListing(ObjectStore objects, ObjectMapper json) {
    this.objects = objects;
    this.json = json;
  }

  public ObjectNode list(String projectId, String prefix, String limitParam, String cursor, String sortParam,
      Map<String, String> filters) {
    int limit = limit(limitParam);
    ListQuery.Sort sort;
    try {
      sort = sortParam == null || sortParam.isEmpty() ? ListQuery.Sort.KEY_ASC : ListQuery.Sort.parse(sortParam);
    } catch (IllegalArgumentException e) {
      throw new ApiException(400, "invalid_sort", e.getMessage(), Map.of("code", "INVALID_SORT"));
    }
    for (String k : filters.keySet()) {
      if (k.startsWith("min_") || k.startsWith("max_")) {
        throw new ApiException(501, "not_emulated", "filter[" + k + "] (image dimensions) is not emulated by "
            + "run402-local yet");
      }
      if (!List.of("is_image", "format", "tag", "uploaded_by").contains(k)) {
        throw new ApiException(400, "invalid_filter_key", "filter[" + k + "] is not a known filter key",
            Map.of("code", "INVALID_FILTER_KEY"));
      }
    }
    String afterKey = null;
    Instant afterCreated = null;
    if (cursor != null && !cursor.isEmpty()) {
      String[] c = decode(cursor);
      if (!c[0].equals(sort.wire())) {
        throw new ApiException(400, "invalid_cursor_for_sort", "The cursor was issued for sort " + c[0]
            + ", not " + sort.wire(), Map.of("code", "INVALID_CURSOR_FOR_SORT"));
      }
      afterCreated = c[1].isEmpty() ? null : Instant.parse(c[1]);
      afterKey = c[2];
    }
    ObjectNode out = json.createObjectNode();
    ArrayNode blobs = out.putArray("blobs");
    StoredObject last = null;
    boolean more = false;
    for (int batch = 0; batch < MAX_SCAN_BATCHES && !more; batch++) {
      List<StoredObject> rows = objects.list(projectId, new ListQuery(StoredObject.BLOBS, prefix == null ? "" : prefix,
          sort, afterKey, afterCreated, limit + 1));
      for (StoredObject o : rows) {
        if (blobs.size() == limit) {
          more = true;
          break;
        }
        last = o;
        if (matches(o, filters)) {
          blobs.add(row(o));
        }
      }
      if (rows.size() <= limit && !more) {
        break;
      }
      if (last != null) {
        afterKey = last.key();
        afterCreated = last.createdAt();
      }
    }
    if (more && last != null) {
      out.put("next_cursor", encode(sort.wire() + "\n" + (sort == ListQuery.Sort.KEY_ASC ? "" : last.createdAt())
          + "\n" + last.key()));
    } else {
      out.putNull("next_cursor");
    }
    return out;
  }

  private ObjectNode row(StoredObject o) {
    ObjectNode n = json.createObjectNode();
    n.put("key", o.key());
    n.put("size_bytes", o.size());
    n.put("content_type", o.contentType());
    n.put("visibility", o.visibility());
    n.put("created_at", o.createdAt().toString());
    n.put("sha256", o.sha256());
    JsonNode meta = metadata(o);
    if (meta != null) {
      n.set("metadata", meta);
    }
    return n;
  }

  private boolean matches(StoredObject o, Map<String, String> filters) {
    boolean image = o.contentType().toLowerCase(Locale.ROOT).startsWith("image/");
    for (Map.Entry<String, String> f : filters.entrySet()) {
      String v = f.getValue();
      switch (f.getKey()) {
        case "is_image" -> {
          if (image != Boolean.parseBoolean(v)) {
            return false;
          }
        }
        case "format" -> {
          String sub = image ? o.contentType().substring(6).split("[;+]")[0].trim() : "";
          if (!sub.equalsIgnoreCase(v) && !(sub.equals("jpeg") && v.equalsIgnoreCase("jpg"))) {
            return false;
          }
        }
        case "tag" -> {
          JsonNode tags = metadata(o) == null ? null : metadata(o).get("tags");
          boolean hit = false;
          if (tags != null && tags.isArray()) {
            for (JsonNode t : tags) {
              hit |= v.equals(t.asText());
            }
          }
          if (!hit) {
            return false;
          }
        }
        case "uploaded_by" -> {
          JsonNode m = metadata(o);
          if (m == null || !v.equals(m.path("uploaded_by").asText(null))) {
            return false;
          }
        }
        default -> {
          return false;
        }
      }
    }
    return true;
  }

  private JsonNode metadata(StoredObject o) {
    try {
      return o.metadataJson() == null ? null : json.readTree(o.metadataJson());
    } catch (java.io.IOException e) {
      return null;
    }
  }

  private static int limit(String s) {
    if (s == null || s.isEmpty()) {
      return 100;
    }
    try {
      int n = Integer.parseInt(s);
      if (n < 1 || n > 1000) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("invalid_limit", "limit must be an integer from 1 to 1000");
    }
  }

  private static String encode(String s) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static String[] decode(String cursor) {
    try {
      String[] p = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\n", 3);
      if (p.length != 3) {
        throw new IllegalArgumentException();
      }
      if (!p[1].isEmpty()) {
        Instant.parse(p[1]);
      }
      return p;
    } catch (RuntimeException e) {
      throw new ApiException(400, "invalid_cursor", "cursor is not a cursor of this listing",
          Map.of("code", "INVALID_CURSOR"));
    }
  }
}
