package com.run402.local;

/**
 * A project created through the embedding API (no wallet), with the keys a client needs.
 *
 * @param projectId production-style id, {@code prj_<ms>_<NNNN>}
 * @param anonKey the anon key (apikey for browser-style access)
 * @param serviceKey the service key (Authorization: Bearer for admin routes)
 * @param schema the project's Postgres schema, {@code pNNNN}
 */
public record LocalProject(String projectId, String anonKey, String serviceKey, String schema) {}
