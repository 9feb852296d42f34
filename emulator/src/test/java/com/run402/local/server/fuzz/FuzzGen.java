package com.run402.local.server.fuzz;

import static com.run402.local.server.fuzz.FuzzValues.pick;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Request #i of a run, from (seed, i) alone: the same seed gives the same requests whatever the
 * thread interleaving (only the data they meet can differ). Mostly the admin path with the service
 * key, so RLS cannot hide engine bugs; a share on /rest/v1 with the anon key (RLS in force) and
 * with broken credentials.
 */
public final class FuzzGen {
  private final long seed;
  private final String serviceKey;
  private final String anonKey;

  public FuzzGen(long seed, String serviceKey, String anonKey) {
    this.seed = seed;
    this.serviceKey = serviceKey;
    this.anonKey = anonKey;
  }

  public FuzzRequest request(int index) {
    Random r = new Random(seed * 0x9E3779B97F4A7C15L + index);
    FuzzValues.SANE.set(r.nextBoolean());
    boolean admin = r.nextInt(10) < 7;
    boolean rpc = r.nextInt(6) == 0;
    String method = rpc ? pick(r, List.of("GET", "GET", "POST", "POST", "POST", "HEAD"))
        : pick(r, List.of("GET", "GET", "GET", "GET", "HEAD", "POST", "POST", "PATCH", "PATCH", "PUT", "DELETE"));
    String base = admin ? "/admin/v1/rest/" : "/rest/v1/";
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    auth(r, admin, headers);
    String path;
    List<String[]> query;
    FuzzBody.Body body = null;
    if (rpc) {
      String fn = FuzzValues.chaos(r, 12) ? pick(r, List.of("nope", "add_them ", "ADD_THEM", "pg_sleep", "version", "%00"))
          : pick(r, new ArrayList<>(FuzzSchema.FUNCTIONS.keySet()));
      path = base + "rpc/" + FuzzEncode.encode(fn, true).replace("%2500", "%00");
      if (method.equals("POST")) {
        query = r.nextInt(3) == 0 ? FuzzQuery.read(r, "items") : new ArrayList<>();
        body = FuzzBody.forFunction(r, fn);
      } else {
        query = FuzzQuery.rpcArgs(r, fn);
      }
    } else {
      String table = pick(r, FuzzSchema.TABLES);
      path = base + tablePath(r, table);
      boolean read = method.equals("GET") || method.equals("HEAD");
      query = read ? FuzzQuery.read(r, table) : FuzzQuery.write(r, table);
      if (method.equals("POST") || method.equals("PATCH") || method.equals("PUT")) {
        body = FuzzBody.forTable(r, table);
      } else if (r.nextInt(15) == 0) {
        body = FuzzBody.forTable(r, table); // a body where none belongs
      }
      if (method.equals("PUT") && r.nextBoolean()) {
        query.add(new String[] {"id", "eq." + (1 + r.nextInt(220))});
      }
    }
    FuzzHeaders.add(r, method, headers);
    if (body != null && body.contentType() != null) {
      headers.add(Map.entry("Content-Type", body.contentType()));
    }
    String raw = query.isEmpty() && r.nextInt(4) > 0 ? null : FuzzEncode.query(r, query);
    boolean socket = FuzzValues.chaos(r, 20);
    if (socket) {
      raw = r.nextInt(4) == 0 ? raw : FuzzEncode.rawDamage(r, raw);
      if (r.nextInt(3) == 0) {
        headers.add(Map.entry(pick(r, List.of("Prefer", "Accept", "Range", "X-Note")), "caf\u00e9 \u00ff"));
      }
    }
    return new FuzzRequest(index, method, path, raw, headers, body == null ? null : body.bytes(), socket);
  }

  private void auth(Random r, boolean admin, List<Map.Entry<String, String>> headers) {
    int k = r.nextInt(40);
    String key = admin ? serviceKey : anonKey;
    if (k == 0) {
      return; // no credentials at all
    }
    if (k == 1) {
      headers.add(Map.entry("apikey", key));
      headers.add(Map.entry("Authorization", pick(r, List.of("Bearer", "Bearer ", "Basic dTpw", "Bearer a.b.c",
          "Bearer " + key.substring(0, key.length() - 3), "Bearer " + key + "x", "bearer " + key, "Bearer  " + key))));
      return;
    }
    if (k == 2) {
      headers.add(Map.entry("apikey", pick(r, List.of("", "x", anonKey, serviceKey, key + key))));
      return;
    }
    headers.add(Map.entry("apikey", key));
    if (r.nextBoolean()) {
      headers.add(Map.entry("Authorization", "Bearer " + key));
    }
  }

  /** The table segment: usually plain, sometimes encoded, unknown, nested or hostile. */
  private static String tablePath(Random r, String table) {
    if (!FuzzValues.chaos(r, 15)) {
      return table;
    }
    return pick(r, List.of("nope", "ITEMS", "items%20", "%69tems", "items/1", "items/", "rpc", "%00", "%2e%2e", "..%2Fitems",
        "items%2Fx", "%E6%97%A5", "items;x", "items.json", "pg_catalog.pg_class", "information_schema.tables",
        "%22items%22", "a".repeat(300)));
  }
}
