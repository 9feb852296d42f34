package com.run402.local.runtime.tiers;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.run402.local.runtime.chain.Addresses;
import com.run402.local.runtime.chain.ChainStore;
import com.run402.local.runtime.error.ApiException;
import com.run402.local.runtime.x402.PaymentLedger;
import java.util.List;

/**
 * Billing reads (api-contract 2.6 {@code /orgs/v1/lookup}, {@code /orgs/v1/:org_id/billing[/history]};
 * legacy {@code /billing/v1/accounts/:id[/history]}). The emulator has no Stripe balance: a wallet's
 * "available" money is its USDC on the mock chain and its history is its payment ledger. A wallet's
 * org id is {@code org_<address without 0x>}.
 */
public final class Billing {
  private final TierService tiers;
  private final ChainStore chain;
  private final PaymentLedger ledger;
  private final ObjectMapper json;

  public Billing(TierService tiers, ChainStore chain, PaymentLedger ledger, ObjectMapper json) {
    this.tiers = tiers;
    this.chain = chain;
    this.ledger = ledger;
    this.json = json;
  }

  public static String orgId(String address) {
    return "org_" + address.substring(2);
  }

  /** The wallet of an org id or of a wallet identifier; 400 otherwise. */
  public static String wallet(String id) {
    String s = id == null ? "" : id.trim();
    if (s.startsWith("org_") && Addresses.valid("0x" + s.substring(4))) {
      return Addresses.canonical("0x" + s.substring(4));
    }
    if (Addresses.valid(s)) {
      return Addresses.canonical(s);
    }
    if (s.isEmpty()) {
      throw ApiException.badRequest("invalid_identifier", "Invalid identifier: must be a wallet address or email");
    }
    throw ApiException.badRequest("invalid_identifier",
        "Invalid identifier: must be a wallet address (0x...) or an org id (org_<40 hex>)");
  }

  public ObjectNode account(String address) {
    ObjectNode lease = tiers.activeLease(address);
    ObjectNode n = json.createObjectNode();
    n.put("org_id", orgId(address));
    n.put("wallet", address);
    n.put("available_usd_micros", chain.balance(address));
    n.put("held_usd_micros", 0);
    n.put("email_credits_remaining", 0);
    n.put("tier", lease == null ? null : lease.path("tier").asText());
    n.put("lease_expires_at", lease == null ? null : lease.path("lease_expires_at").asText());
    n.put("auto_recharge_enabled", false);
    n.put("auto_recharge_threshold", 2000);
    n.put("identifier_type", "wallet");
    return n;
  }

  public ObjectNode history(String address, String limitParam) {
    int limit = 50;
    if (limitParam != null && !limitParam.isBlank()) {
      try {
        limit = Integer.parseInt(limitParam.trim());
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > 200) {
        throw ApiException.badRequest("invalid_limit", "Invalid limit: must be an integer from 1 to 200");
      }
    }
    List<PaymentLedger.Entry> rows = ledger.list(address, limit + 1);
    ObjectNode n = json.createObjectNode();
    n.put("org_id", orgId(address));
    n.put("identifier", address);
    n.put("identifier_type", "wallet");
    ArrayNode entries = n.putArray("entries");
    rows.stream().limit(limit).forEach(e -> entries.addObject()
        .put("id", "pay_" + e.id())
        .put("direction", "debit")
        .put("kind", e.mode().equals("free") ? "free_purchase" : "purchase_debit")
        .put("amount_usd_micros", e.amount())
        .put("reference_type", "x402")
        .put("reference_id", e.txHash())
        .put("route", e.route())
        .put("created_at", e.time().toString()));
    n.put("has_more", rows.size() > limit);
    n.put("next_cursor", (String) null);
    return n;
  }
}
