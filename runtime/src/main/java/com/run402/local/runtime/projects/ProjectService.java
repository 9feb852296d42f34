package com.run402.local.runtime.projects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.run402.local.runtime.LocalSecrets;
import com.run402.local.runtime.auth.WalletPrincipal;
import com.run402.local.runtime.db.Database;
import com.run402.local.runtime.db.Idempotency;
import com.run402.local.runtime.error.ApiException;
import com.run402.local.runtime.tiers.Tier;
import com.run402.local.runtime.usage.UsageMeter;
import com.run402.local.runtime.x402.PendingSettlement;
import com.run402.local.runtime.x402.Settlement;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Project lifecycle: provision (schema + roles + keys in one transaction), read, rename, delete
 * (schema, roles and rows), reset. Every wallet-facing method takes the verified principal.
 */
public final class ProjectService {
  private final Database db;
  private final LocalSecrets secrets;
  private final ProjectKeys keys;
  private final ProjectStore store;
  private final ProjectViews views;
  private final ObjectMapper json;
  private final Clock clock;
  private final UsageMeter usage;
  private final Consumer<String> leaseChanged;
  private final SecureRandom random = new SecureRandom();

  /**
   * {@code leaseChanged} is told the wallet whose lease provisioning may have started; {@code lifecycle} names a
   * project's lease state for the views (active, expired, archived).
   */
  public ProjectService(Database db, LocalSecrets secrets, ObjectMapper json, Clock clock, UsageMeter usage,
      Consumer<String> leaseChanged, java.util.function.Function<Project, String> lifecycle) {
    this.db = db;
    this.secrets = secrets;
    this.keys = new ProjectKeys(secrets);
    this.store = new ProjectStore(db.admin());
    this.json = json;
    this.clock = clock;
    this.views = new ProjectViews(json, db.admin(), usage, lifecycle);
    this.usage = usage;
    this.leaseChanged = leaseChanged;
  }

  /** Status and body of a provision call (201, or the stored response on an idempotent replay). */
  public record Provisioned(int status, ObjectNode body, Settlement settlement) {}

  /**
   * Work a paid provision adds to the provisioning transaction (the wallet's lease and the
   * uncommitted payment); the payment is committed right after the transaction, or rolled back.
   */
  @FunctionalInterface
  public interface PaidStep {
    PendingSettlement run(Connection c) throws SQLException;
  }

  public ProjectKeys keys() {
    return keys;
  }

  public ProjectViews views() {
    return views;
  }

  /** {@code POST /projects/v1}. {@code wallet} is null only for the embedding API's test helper. */
  public Provisioned provision(WalletPrincipal wallet, JsonNode body, String idempotencyKey, String apiBase) {
    return provision(wallet, body, idempotencyKey, apiBase, null);
  }

  /** As above, with {@code paid} (may be null) run inside the transaction before the wallet's lease is read. */
  public Provisioned provision(WalletPrincipal wallet, JsonNode body, String idempotencyKey, String apiBase,
      PaidStep paid) {
    ProvisionRequest req = ProvisionRequest.parse(body, clock.instant());
    Idempotency.validate(idempotencyKey);
    String scope = "POST /projects/v1 " + (wallet == null ? "local" : wallet.address());
    String hash = Idempotency.hash(req.canonical());
    try (Connection c = db.adminConnection()) {
      c.setAutoCommit(false);
      try {
        if (idempotencyKey != null) {
          Idempotency.lock(c, scope, idempotencyKey);
          Optional<Idempotency.Stored> prior = Idempotency.find(c, json, scope, idempotencyKey, hash);
          if (prior.isPresent()) {
            c.rollback();
            return new Provisioned(prior.get().status(), (ObjectNode) prior.get().body(), null);
          }
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        PendingSettlement pending = null;
        if (wallet != null) {
          Wallets.touch(c, wallet, now);
          pending = paid == null ? null : paid.run(c);
        }
        try (PendingSettlement settle = pending) {
          Wallets.Lease lease = wallet == null ? null : Wallets.activeLease(c, wallet.address(), now);
          String tier = lease != null ? lease.tier() : req.tier().orElse(Tier.PROTOTYPE).wireName();
          long n = nextSlot(c);
          String slot = TenantDdl.slotName(n);
          String id = "prj_" + now.toEpochMilli() + "_" + slot.substring(1);
          Project p = new Project(id, publicId(), req.name(), slot, tier, "active",
              wallet == null ? null : wallet.address(), now, now);
          ProjectKeys.Minted anon = keys.mint(id, "anon", now);
          ProjectKeys.Minted service = keys.mint(id, "service_role", now);
          TenantDdl.create(c, slot, secrets.rolePassword(p.ownerRole()));
          store.insert(c, p, List.of(anon, service));
          ObjectNode out = views.provisioned(p, anon.token(), service.token(), lease, apiBase);
          if (idempotencyKey != null) {
            Idempotency.store(c, scope, idempotencyKey, hash, 201, json.writeValueAsString(out));
          }
          c.commit();
          Provisioned done = new Provisioned(201, out, settle == null ? null : settle.commit());
          if (wallet != null) {
            leaseChanged.accept(wallet.address()); // a paid provision subscribed the wallet
          }
          return done;
        }
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException | com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("provisioning failed: " + e.getMessage(), e);
    }
  }

  /** A project the wallet owns; anything else is a 403 that does not reveal whether it exists. */
  public Project owned(WalletPrincipal wallet, String id) {
    return store.find(id).filter(p -> wallet.address().equals(p.walletAddress()))
        .orElseThrow(() -> ApiException.forbidden("forbidden",
            "Project " + id + " does not exist or is not owned by wallet " + wallet.address()));
  }

  public Optional<Project> find(String id) {
    return store.find(id);
  }

  public ObjectNode rename(WalletPrincipal wallet, String id, JsonNode body) {
    Project p = owned(wallet, id);
    String name = ProvisionRequest.name(body == null ? null : body.get("name"), true);
    try {
      Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
      store.rename(p.id(), name, now);
      ObjectNode out = json.createObjectNode();
      out.put("project_id", p.id());
      out.put("name", name);
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  public ObjectNode list(WalletPrincipal wallet, String limitParam, String after, String apiBase) {
    int limit = ProvisionRequest.limit(limitParam);
    Instant before = Instant.parse("9999-12-31T00:00:00Z");
    if (after != null && !after.isBlank()) {
      before = store.find(after).filter(p -> wallet.address().equals(p.walletAddress()))
          .map(Project::createdAt)
          .orElseThrow(() -> ApiException.badRequest("invalid_cursor", "Unknown cursor: " + after));
    }
    try {
      List<Project> rows = store.listByWallet(wallet.address(), limit + 1, before);
      return views.list(rows, limit, apiBase);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Deletes the project's schema, roles and rows. */
  public ObjectNode delete(Project p) {
    db.tenants().evict(p.ownerRole());
    try (Connection c = db.adminConnection()) {
      c.setAutoCommit(false);
      try {
        TenantDdl.drop(c, p.schemaSlot());
        store.delete(c, p.id());
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
        store.forget(p.id());
        usage.forget(p.id());
      }
    } catch (SQLException e) {
      throw new IllegalStateException("delete failed: " + e.getMessage(), e);
    }
    ObjectNode out = json.createObjectNode();
    out.put("status", "purged");
    out.put("project_id", p.id());
    return out;
  }

  /** Drops every project and forgets every wallet and idempotency key. */
  public void resetAll() {
    try {
      for (Project p : store.all()) {
        delete(p);
      }
      try (Connection c = db.adminConnection(); var s = c.createStatement()) {
        s.execute("TRUNCATE internal.expose_manifests, internal.idempotency_keys, internal.project_keys, "
            + "internal.usage_counters, "
            + "internal.magic_links, internal.refresh_tokens, internal.user_sessions, internal.users, internal.auth_settings, internal.project_jwt_keys, "
            + "internal.projects, internal.wallets CASCADE"); // CASCADE: tables of other areas that reference projects
      }
      store.forgetAll();
    } catch (SQLException e) {
      throw new IllegalStateException("reset failed: " + e.getMessage(), e);
    }
  }

  /** The project's live service key (derived again from its stored row), or empty. */
  public Optional<String> serviceKey(String projectId) {
    return store.liveKey(projectId, "service_role").map(k -> keys.token(k.keyId(), "service_role", projectId, k.createdAt()));
  }

  /** The project's live anon key, or empty. */
  public Optional<String> anonKey(String projectId) {
    return store.liveKey(projectId, "anon").map(k -> keys.token(k.keyId(), "anon", projectId, k.createdAt()));
  }

  boolean keyIsLive(String projectId, String keyId) {
    return store.keyIsLive(projectId, keyId);
  }

  private long nextSlot(Connection c) throws SQLException {
    try (var s = c.createStatement(); var rs = s.executeQuery("SELECT nextval('internal.slot_seq')")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private String publicId() {
    byte[] b = new byte[10];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
