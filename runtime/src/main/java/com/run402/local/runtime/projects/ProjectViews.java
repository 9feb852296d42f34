package com.run402.local.runtime.projects;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.run402.local.runtime.sql.PgJson;
import com.run402.local.runtime.tiers.Tier;
import com.run402.local.runtime.usage.UsageMeter;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;

/** The production JSON shapes of project responses (api-contract 2.1). */
public final class ProjectViews {
  private final ObjectMapper json;
  private final DataSource ds;
  private final UsageMeter usage;
  private final java.util.function.Function<Project, String> lifecycle;

  ProjectViews(ObjectMapper json, DataSource ds, UsageMeter usage, java.util.function.Function<Project, String> lifecycle) {
    this.json = json;
    this.ds = ds;
    this.usage = usage;
    this.lifecycle = lifecycle;
  }

  ObjectNode provisioned(Project p, String anonKey, String serviceKey, Wallets.Lease lease, String apiBase) {
    ObjectNode o = json.createObjectNode();
    o.put("project_id", p.id());
    o.put("public_id", p.publicId());
    o.put("name", p.name());
    o.put("anon_key", anonKey);
    o.put("service_key", serviceKey);
    o.put("schema_slot", p.schemaSlot());
    o.put("tier", p.tier());
    o.put("lease_expires_at", lease == null ? null : PgJson.iso(lease.expiresAt()));
    o.set("endpoints", endpoints(apiBase, p.id()));
    o.putNull("active_release_id");
    o.put("created_at", PgJson.iso(p.createdAt()));
    return o;
  }

  /** {@code GET /projects/v1/:id}: ProjectDetail. */
  public ObjectNode detail(Project p, String apiBase) {
    ObjectNode o = json.createObjectNode();
    o.put("project_id", p.id());
    o.put("public_id", p.publicId());
    o.put("name", p.name());
    o.putNull("org_id");
    o.put("tier", p.tier());
    o.put("status", p.status());
    String state = lifecycle.apply(p); // the lease's: an expired project is read-only, however it was stored
    o.put("effective_status", state);
    o.put("organization_lifecycle_state", state);
    o.put("schema_slot", p.schemaSlot());
    o.putNull("site_url");
    o.putArray("custom_domains");
    o.putNull("last_deploy");
    o.putArray("mailbox");
    o.set("usage", usageBlock(p));
    o.put("lease_expires_at", leaseExpiry(p));
    o.set("endpoints", endpoints(apiBase, p.id()));
    o.put("created_at", PgJson.iso(p.createdAt()));
    o.put("updated_at", PgJson.iso(p.updatedAt()));
    o.put("created_by", p.walletAddress());
    ObjectNode creator = o.putObject("creator");
    creator.put("type", p.walletAddress() == null ? "local" : "wallet");
    creator.put("wallet", p.walletAddress());
    return o;
  }

  ObjectNode list(List<Project> rows, int limit, String apiBase) {
    ObjectNode o = json.createObjectNode();
    ArrayNode arr = o.putArray("projects");
    for (Project p : rows.subList(0, Math.min(limit, rows.size()))) {
      ObjectNode r = arr.addObject();
      r.put("project_id", p.id());
      r.put("id", p.id());
      r.put("name", p.name());
      r.put("tier", p.tier());
      r.put("status", p.status());
      String state = lifecycle.apply(p);
      r.put("effective_status", state);
      r.put("organization_lifecycle_state", state);
      r.put("schema_slot", p.schemaSlot());
      r.putNull("site_url");
      r.putArray("custom_domains");
      r.put("wallet_address", p.walletAddress());
      r.put("created_at", PgJson.iso(p.createdAt()));
    }
    boolean more = rows.size() > limit;
    o.put("has_more", more);
    o.put("next_cursor", more ? rows.get(limit - 1).id() : null);
    return o;
  }

  /** {@code GET /projects/v1/admin/:id/usage}: UsageReport. */
  public ObjectNode usage(Project p) {
    UsageMeter.Usage u = usage.read(p.id());
    Tier t = Tier.parse(p.tier()).orElse(Tier.PROTOTYPE);
    ObjectNode o = json.createObjectNode();
    o.put("project_id", p.id());
    o.put("tier", p.tier());
    o.put("api_calls", u.apiCalls());
    o.put("api_calls_limit", t.apiCallsLimit());
    o.put("storage_bytes", u.storageBytes());
    o.put("storage_limit_bytes", t.storageLimitBytes());
    o.put("lease_expires_at", leaseExpiry(p));
    o.put("status", p.status());
    String state = lifecycle.apply(p);
    o.put("effective_status", state);
    o.put("organization_lifecycle_state", state);
    return o;
  }

  private ObjectNode usageBlock(Project p) {
    UsageMeter.Usage u = usage.read(p.id());
    Tier t = Tier.parse(p.tier()).orElse(Tier.PROTOTYPE);
    ObjectNode o = json.createObjectNode();
    o.put("api_calls", u.apiCalls());
    o.put("storage_bytes", u.storageBytes());
    o.put("api_calls_limit", t.apiCallsLimit());
    o.put("storage_bytes_limit", t.storageLimitBytes());
    return o;
  }

  private String leaseExpiry(Project p) {
    if (p.walletAddress() == null) {
      return null;
    }
    try (Connection c = ds.getConnection()) {
      Wallets.Lease l = Wallets.leaseOf(c, p.walletAddress());
      Instant at = l == null ? null : l.expiresAt();
      return at == null ? null : PgJson.iso(at);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private ObjectNode endpoints(String apiBase, String projectId) {
    ObjectNode e = json.createObjectNode();
    e.put("rest_url", apiBase + "/rest/v1");
    e.put("admin_rest_url", apiBase + "/admin/v1/rest");
    e.put("sql_url", apiBase + "/projects/v1/admin/" + projectId + "/sql");
    return e;
  }
}
