package com.run402.local.runtime.apply;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * A spec laid over a base release: the new release manifest, every content ref it names (by sha256),
 * the migrations to run now, and the plan diff.
 *
 * <p>Manifest layout (stored as jsonb, never changed once a release exists):
 * {@code {site:{files:{path:{sha256,size,content_type}}, public_paths}, functions:{name:Fn},
 * secrets:{require:[]}, subdomains:[], routes:[]|null, database:{expose, migrations:[id]}, i18n}}.
 */
record Composed(
    ObjectNode manifest,
    Map<String, WireRef> refs,
    List<Migration> newMigrations,
    List<String> noopMigrations,
    ObjectNode expose,
    List<String> secretDeletes,
    ObjectNode assets,
    ObjectNode diff,
    ArrayNode subdomainsAdded,
    ArrayNode subdomainsRemoved,
    long siteBytes,
    int siteFiles) {

  record Migration(String id, String checksum, WireRef sql, boolean transaction) {}
}
