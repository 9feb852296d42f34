package com.run402.local.runtime.mail.mailbox;

import com.run402.local.runtime.db.Jdbc;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** SQL over internal.mailboxes and internal.mailbox_settings. */
final class MailboxStore {
  private static final String SELECT = "SELECT b.id, b.project_id, b.slug, b.status, b.footer_policy, "
      + "(SELECT count(*) FROM internal.mail_messages m WHERE m.mailbox_id = b.id AND m.created_at >= ?)::int, "
      + "(SELECT count(DISTINCT lower(m.to_address)) FROM internal.mail_messages m WHERE m.mailbox_id = b.id)::int, "
      + "b.created_at, b.updated_at, b.tombstoned_at FROM internal.mailboxes b ";

  private final DataSource db;

  MailboxStore(DataSource db) {
    this.db = db;
  }

  List<Mailbox> live(String projectId, Instant now) throws SQLException {
    return query(SELECT + "WHERE b.project_id = ? AND b.status <> 'tombstoned' ORDER BY b.created_at DESC, b.id DESC",
        now, projectId);
  }

  Optional<Mailbox> find(String id, Instant now) throws SQLException {
    return query(SELECT + "WHERE b.id = ?", now, id).stream().findFirst();
  }

  /** The newest mailbox (live or tombstoned) that holds the slug. */
  Optional<Mailbox> bySlug(String slug, Instant now) throws SQLException {
    return query(SELECT + "WHERE b.slug = ? ORDER BY (b.status <> 'tombstoned') DESC, b.tombstoned_at DESC NULLS FIRST",
        now, slug).stream().findFirst();
  }

  void insert(String id, String projectId, String slug, Instant now) throws SQLException {
    update("INSERT INTO internal.mailboxes (id, project_id, slug, created_at, updated_at) VALUES (?,?,?,?,?)",
        id, projectId, slug, Timestamp.from(now), Timestamp.from(now));
  }

  void tombstone(String id, Instant now) throws SQLException {
    update("UPDATE internal.mailboxes SET status = 'tombstoned', tombstoned_at = ?, updated_at = ? WHERE id = ?",
        Timestamp.from(now), Timestamp.from(now), id);
    update("UPDATE internal.mailbox_settings SET default_outbound_mailbox_id = NULLIF(default_outbound_mailbox_id, ?), "
        + "auth_sender_mailbox_id = NULLIF(auth_sender_mailbox_id, ?)", id, id);
  }

  void footerPolicy(String id, String policy, Instant now) throws SQLException {
    update("UPDATE internal.mailboxes SET footer_policy = ?, updated_at = ? WHERE id = ?", policy, Timestamp.from(now),
        id);
  }

  MailboxSettings settings(String projectId) throws SQLException {
    return Jdbc.query(db, "SELECT default_outbound_mailbox_id, auth_sender_mailbox_id FROM internal.mailbox_settings "
        + "WHERE project_id = ?", rs -> new MailboxSettings(rs.getString(1), rs.getString(2)), projectId)
        .stream().findFirst().orElse(new MailboxSettings(null, null));
  }

  void saveSettings(String projectId, MailboxSettings s) throws SQLException {
    update("INSERT INTO internal.mailbox_settings (project_id, default_outbound_mailbox_id, auth_sender_mailbox_id) "
        + "VALUES (?,?,?) ON CONFLICT (project_id) DO UPDATE SET default_outbound_mailbox_id = excluded."
        + "default_outbound_mailbox_id, auth_sender_mailbox_id = excluded.auth_sender_mailbox_id",
        projectId, s.defaultOutbound(), s.authSender());
  }

  private void update(String sql, Object... args) throws SQLException {
    Jdbc.update(db, sql, args);
  }

  private List<Mailbox> query(String sql, Instant now, String arg) throws SQLException {
    Instant midnight = LocalDate.ofInstant(now, ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant();
    return Jdbc.query(db, sql, rs -> {
      Timestamp t = rs.getTimestamp(10);
      return new Mailbox(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
          rs.getInt(6), rs.getInt(7), rs.getTimestamp(8).toInstant(), rs.getTimestamp(9).toInstant(),
          t == null ? null : t.toInstant());
    }, Timestamp.from(midnight), arg);
  }
}
