package com.run402.local.runtime.expose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.run402.local.runtime.db.Database;
import com.run402.local.runtime.error.ApiException;
import com.run402.local.runtime.projects.Project;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The expose manifest (api-contract 2.1): validate (with or without a project), apply (convergent,
 * all or nothing), read back. Callers refresh the schema cache after {@link #apply}.
 */
public final class ExposeService {
  private final ObjectMapper json;
  private final TenantTx tx;
  private final ExposeStore store;

  public ExposeService(Database db, ObjectMapper json, Duration statementTimeout) {
    this.json = json;
    this.tx = new TenantTx(db, json, statementTimeout);
    this.store = new ExposeStore(json);
  }

  /** {@code POST /projects/v1/expose/validate}: shape and consistency only. */
  public ObjectNode validate(JsonNode body) {
    ValidateRequest req = ValidateRequest.parse(body);
    return report(ExposeValidator.validate(req.manifest(), null, req.migrationSql() != null));
  }

  /** {@code POST /projects/v1/admin/:id/expose/validate}: also against the project's live schema. */
  public ObjectNode validate(Project p, JsonNode body) {
    ValidateRequest req = ValidateRequest.parse(body);
    return tx.run(p, false, (tenant, admin) -> report(ExposeValidator.validate(req.manifest(),
        CatalogReader.read(tenant, p.schemaSlot()), req.migrationSql() != null)));
  }

  /** {@code POST /projects/v1/admin/:id/expose}. */
  public ObjectNode apply(Project p, JsonNode manifestJson) {
    TenantRoles roles = TenantRoles.of(p);
    return tx.run(p, true, (tenant, admin) -> {
      store.lock(admin, p.id());
      LiveSchema live = CatalogReader.read(tenant, p.schemaSlot());
      ExposeValidator.Report report = ExposeValidator.validate(manifestJson, live, false);
      if (report.hasErrors()) {
        throw new ApiException(400, "invalid_manifest", report.errors().get(0).detail()
            + (report.errors().size() > 1 ? " (and " + (report.errors().size() - 1) + " more)" : ""),
            Map.of("errors", report.errors(), "warnings", report.warnings()));
      }
      ExposeManifest m = report.manifest();
      Optional<ExposeStore.Stored> stored = store.find(admin, p.id());
      ExposeManifest now = Introspector.read(tenant, roles, live);
      ExposePlan plan = ExposePlan.of(roles, m, before(stored, now, live), live);
      boolean unchanged = stored.isPresent() && stored.get().manifest().equals(m)
          && Fingerprint.of(tenant, p.schemaSlot()).equals(stored.get().fingerprint());
      if (!unchanged) {
        TenantTx.execute(tenant, plan.statements());
        store.save(admin, p.id(), m, Fingerprint.of(tenant, p.schemaSlot()));
      }
      ObjectNode out = json.createObjectNode();
      out.put("status", "ok");
      out.put("project_id", p.id());
      out.set("applied", json.valueToTree(plan.applied()));
      out.set("dropped", json.valueToTree(unchanged ? new ExposePlan.Names(List.of(), List.of(), List.of())
          : plan.dropped()));
      if (!report.warnings().isEmpty()) {
        out.set("warnings", json.valueToTree(report.warnings()));
      }
      return out;
    });
  }

  /** {@code GET /projects/v1/admin/:id/expose}: the applied manifest, or what grants and policies amount to. */
  public ObjectNode get(Project p) {
    return tx.run(p, false, (tenant, admin) -> {
      Optional<ExposeStore.Stored> stored = store.find(admin, p.id());
      ExposeManifest m = stored.isPresent() ? stored.get().manifest()
          : Introspector.read(tenant, TenantRoles.of(p), CatalogReader.read(tenant, p.schemaSlot()));
      ObjectNode out = json.createObjectNode();
      out.put("status", "ok");
      out.put("project_id", p.id());
      out.put("source", stored.isPresent() ? "applied" : "introspected");
      out.set("manifest", json.valueToTree(m));
      return out;
    });
  }

  /** {@code POST /projects/v1/admin/:id/rls}: the legacy templates, on the same store and lock. */
  public ObjectNode legacyRls(Project p, JsonNode body) {
    LegacyRls.Request req = LegacyRls.Request.parse(body);
    return tx.run(p, true, (tenant, admin) -> {
      store.lock(admin, p.id());
      LiveSchema live = CatalogReader.read(tenant, p.schemaSlot());
      TenantTx.execute(tenant, LegacyRls.statements(TenantRoles.of(p), req, live));
      Optional<ExposeStore.Stored> stored = store.find(admin, p.id());
      if (stored.isPresent()) {
        // Keep GET truthful, and make the next apply re-converge rather than take the no-op path.
        store.save(admin, p.id(), LegacyRls.merge(stored.get().manifest(), req), null);
      }
      ObjectNode out = json.createObjectNode();
      out.put("status", "ok");
      out.put("template", req.template());
      out.set("tables", json.valueToTree(req.tables().stream().map(LegacyRls.Entry::table).toList()));
      return out;
    });
  }

  private ObjectNode report(ExposeValidator.Report r) {
    ObjectNode out = json.createObjectNode();
    out.put("has_errors", r.hasErrors());
    out.put("hasErrors", r.hasErrors());
    out.set("errors", json.valueToTree(r.errors()));
    out.set("warnings", json.valueToTree(r.warnings()));
    return out;
  }

  /** Exposed before this apply: the stored manifest's items and whatever the catalogs show. */
  private static ExposePlan.Exposed before(Optional<ExposeStore.Stored> stored, ExposeManifest now, LiveSchema live) {
    Set<String> tables = new LinkedHashSet<>();
    Set<String> views = new LinkedHashSet<>();
    Set<LiveSchema.Function> rpcs = new LinkedHashSet<>();
    for (ExposeManifest m : stored.isPresent() ? List.of(stored.get().manifest(), now) : List.of(now)) {
      m.tables().stream().filter(ExposeManifest.TableItem::expose).forEach(t -> tables.add(t.name()));
      m.views().stream().filter(ExposeManifest.ViewItem::expose).forEach(v -> views.add(v.name()));
      for (ExposeManifest.RpcItem r : m.rpcs()) {
        live.resolve(r).ifPresent(args -> rpcs.add(new LiveSchema.Function(r.name(), args)));
      }
    }
    return new ExposePlan.Exposed(tables, views, List.copyOf(rpcs));
  }
}
