package com.run402.local.runtime.mail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The mail catcher: every email the emulator would send is rendered to RFC 822 and stored in the
 * control plane ({@code internal.mail_messages}), durably, instead of being sent. Nothing leaves the
 * machine. Read it back with {@link #list} and {@link #get}, or over HTTP at {@code GET /__local/mail}.
 *
 * <pre>{@code
 * String id = engine.mail().catcher().send(OutboundEmail.text(projectId, "noreply@mail.run402.com",
 *     "user@example.com", "Your sign-in link", "Open " + link, "magic_link"));
 * }</pre>
 */
public final class MailCatcher {
  private static final TypeReference<List<Map<String, Object>>> META = new TypeReference<>() {};
  private static final String COLUMNS = "id, project_id, mailbox_id, template, from_address, to_address, subject, "
      + "text_body, html_body, attachments::text, raw, created_at";

  private final DataSource db;
  private final ObjectMapper json;
  private final Clock clock;
  private final MimeWriter mime = new MimeWriter();

  public MailCatcher(DataSource db, ObjectMapper json, Clock clock) {
    this.db = db;
    this.json = json;
    this.clock = clock;
  }

  /**
   * Catches one email: renders it as RFC 822, stores it and returns its id ({@code msg_<ms>_<6>}).
   *
   * @throws IllegalArgumentException when an address cannot be parsed
   */
  public String send(OutboundEmail mail) {
    return store(mail, MailIds.next("msg", clock)).id();
  }

  /** As {@link #send}, with the id chosen by the caller; returns the stored message. */
  public CaughtMail store(OutboundEmail mail, String id) {
    Instant now = clock.instant();
    byte[] raw = mime.write(mail, id, now);
    List<Map<String, Object>> meta = new ArrayList<>();
    for (OutboundEmail.Attachment a : mail.attachments()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("filename", a.filename());
      m.put("content_type", a.contentType());
      m.put("size", a.content().length);
      meta.add(m);
    }
    try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
        "INSERT INTO internal.mail_messages (id, project_id, mailbox_id, template, from_address, to_address, subject, "
            + "text_body, html_body, attachments, raw, created_at) VALUES (?,?,?,?,?,?,?,?,?,?::jsonb,?,?)")) {
      ps.setString(1, id);
      ps.setString(2, mail.projectId());
      ps.setString(3, mail.mailboxId());
      ps.setString(4, mail.template());
      ps.setString(5, mail.from());
      ps.setString(6, mail.to());
      ps.setString(7, mail.subject());
      ps.setString(8, mail.text());
      ps.setString(9, mail.html());
      ps.setString(10, json.writeValueAsString(meta));
      ps.setBytes(11, raw);
      ps.setTimestamp(12, Timestamp.from(now));
      ps.executeUpdate();
    } catch (SQLException | JsonProcessingException e) {
      throw new IllegalStateException("Cannot store caught mail: " + e.getMessage(), e);
    }
    return new CaughtMail(id, mail.projectId(), mail.mailboxId(), mail.template(), mail.from(), mail.to(),
        mail.subject(), mail.text(), mail.html(), meta, raw, now);
  }

  /** Caught mail matching the filter, newest first. */
  public List<CaughtMail> list(MailFilter f) {
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM internal.mail_messages WHERE true");
    List<String> args = new ArrayList<>();
    if (f.to() != null) {
      sql.append(" AND lower(to_address) = lower(?)");
      args.add(f.to());
    }
    addEq(sql, args, "project_id", f.projectId());
    addEq(sql, args, "mailbox_id", f.mailboxId());
    addEq(sql, args, "template", f.template());
    if (f.after() != null) { // keyset on (created_at, id), the listing order; an unknown cursor excludes nothing
      sql.append(" AND NOT EXISTS (SELECT 1 FROM internal.mail_messages c WHERE c.id = ? AND (c.created_at, c.id) <= "
          + "(mail_messages.created_at, mail_messages.id))");
      args.add(f.after());
    }
    sql.append(" ORDER BY created_at DESC, id DESC LIMIT ").append(f.limit());
    try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
      for (int i = 0; i < args.size(); i++) {
        ps.setString(i + 1, args.get(i));
      }
      List<CaughtMail> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(row(rs));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot read caught mail: " + e.getMessage(), e);
    }
  }

  /** One caught email by id. */
  public Optional<CaughtMail> get(String id) {
    try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
        "SELECT " + COLUMNS + " FROM internal.mail_messages WHERE id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(row(rs)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot read caught mail: " + e.getMessage(), e);
    }
  }

  /** Forgets every caught email (emulator reset). */
  public void clear() {
    try (Connection c = db.getConnection(); var s = c.createStatement()) {
      s.execute("TRUNCATE internal.mail_messages");
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot clear caught mail: " + e.getMessage(), e);
    }
  }

  private static void addEq(StringBuilder sql, List<String> args, String column, String value) {
    if (value != null) {
      sql.append(" AND ").append(column).append(" = ?");
      args.add(value);
    }
  }

  private CaughtMail row(ResultSet rs) throws SQLException {
    List<Map<String, Object>> meta;
    try {
      meta = json.readValue(rs.getString(10), META);
    } catch (JsonProcessingException e) {
      throw new SQLException("bad attachments column: " + e.getMessage(), e);
    }
    return new CaughtMail(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
        rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), meta, rs.getBytes(11),
        rs.getTimestamp(12).toInstant());
  }
}
