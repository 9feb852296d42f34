package com.run402.local.runtime.apply;

import com.run402.local.runtime.content.ContentStore;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * Which content a project may name by its hash. The content store keeps each distinct content once, whoever
 * uploaded it; if any project could name any stored bytes by hash (in a content plan, a release or an asset), it
 * could deploy and so read another project's bytes whose hash it learnt, and "already present" would tell it what
 * another project stored. So a project owns what it uploaded itself (a committed content plan, a legacy inline
 * deploy, migration V013 for what came before) and what its stored objects hold; any other hash is missing to it
 * until it uploads those bytes (stored once still: only the upload is repeated, never the storage).
 */
final class ContentOwners {
  private final ApplyStore store;
  private final ContentStore content;

  ContentOwners(ApplyStore store, ContentStore content) {
    this.store = store;
    this.content = content;
  }

  /** Those of {@code shas} the project owns and the store holds: what it may name without uploading. */
  Set<String> present(String projectId, Collection<String> shas) {
    if (shas.isEmpty()) {
      return Set.of();
    }
    String[] list = shas.stream().distinct().toArray(String[]::new);
    Set<String> out = new HashSet<>(store.many("SELECT sha256 FROM internal.content_owners WHERE project_id = ? "
        + "AND sha256 = ANY (?) UNION SELECT sha256 FROM internal.storage_objects WHERE project_id = ? "
        + "AND sha256 = ANY (?)", rs -> rs.getString(1), projectId, list, projectId, list));
    out.removeIf(sha -> !content.has(sha));
    return out;
  }

  /** Records that the project uploaded these. */
  void add(String projectId, Collection<String> shas) {
    if (!shas.isEmpty()) {
      store.exec("INSERT INTO internal.content_owners (project_id, sha256) SELECT ?, unnest(?::text[]) "
          + "ON CONFLICT DO NOTHING", projectId, shas.stream().distinct().toArray(String[]::new));
    }
  }
}
