package com.run402.local.runtime.expose;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The expose manifest (api-contract 2.1): which tables, views and functions of a project are
 * reachable by anon and signed-in users. Everything not listed is dark. Serialised back by Jackson
 * in the same shape it arrives in, so GET returns what was applied.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExposeManifest(String version, List<TableItem> tables, List<ViewItem> views, List<RpcItem> rpcs) {
  public ExposeManifest {
    tables = List.copyOf(tables);
    views = List.copyOf(views);
    rpcs = List.copyOf(rpcs);
  }

  /** {@code {name, expose, policy, owner_column?, force_owner_on_insert?, i_understand_this_is_unrestricted?, custom_sql?}}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record TableItem(
      String name,
      boolean expose,
      String policy,
      @JsonProperty("owner_column") String ownerColumn,
      @JsonProperty("force_owner_on_insert") Boolean forceOwnerOnInsert,
      @JsonProperty("i_understand_this_is_unrestricted") Boolean unrestrictedAck,
      @JsonProperty("custom_sql") String customSql) {

    public Policy policyEnum() {
      return Policy.fromWire(policy).orElseThrow();
    }

    public boolean forceOwner() {
      return Boolean.TRUE.equals(forceOwnerOnInsert);
    }
  }

  /** {@code {name, base, select[], filter?, expose}}: a security_invoker view over {@code base}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ViewItem(String name, String base, List<String> select, String filter, boolean expose) {
    public ViewItem {
      select = List.copyOf(select);
    }
  }

  /** {@code {name, signature:"(args)", grant_to:[...]}}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record RpcItem(String name, String signature, @JsonProperty("grant_to") List<String> grantTo) {
    public RpcItem {
      grantTo = List.copyOf(grantTo);
    }
  }

  public static ExposeManifest empty() {
    return new ExposeManifest("1", List.of(), List.of(), List.of());
  }
}
