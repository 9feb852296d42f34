package com.run402.local.runtime.projects;

import java.time.Instant;

/** A project row of the control plane. Its database objects are schema {@code schemaSlot} and three roles. */
public record Project(
    String id,
    String publicId,
    String name,
    String schemaSlot,
    String tier,
    String status,
    String walletAddress,
    Instant createdAt,
    Instant updatedAt) {

  /** Login role that owns the schema; the SQL endpoint runs as it (production's service_role, BYPASSRLS). */
  public String ownerRole() {
    return ownerRole(schemaSlot);
  }

  /** Role for anon-key requests. */
  public String anonRole() {
    return schemaSlot + "_anon";
  }

  /** Role for signed-in users. */
  public String authenticatedRole() {
    return schemaSlot + "_authenticated";
  }

  public static String ownerRole(String slot) {
    return slot + "_owner";
  }
}
