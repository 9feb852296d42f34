package com.run402.local.runtime.rest.exec;

import com.run402.local.runtime.rest.sql.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/** Prepares a {@link Sql} fragment, binding untyped literals as unspecified-type parameters. */
final class Statements {
  private Statements() {}

  static PreparedStatement prepare(Connection c, Sql sql) throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql.text());
    List<Object> params = sql.params();
    for (int i = 0; i < params.size(); i++) {
      Object p = params.get(i);
      int idx = i + 1;
      if (p instanceof Sql.Untyped) {
        String v = ((Sql.Untyped) p).value();
        if (v == null) {
          ps.setNull(idx, Types.OTHER);
        } else {
          ps.setObject(idx, v, Types.OTHER);
        }
      } else if (p instanceof Long) {
        ps.setLong(idx, (Long) p);
      } else if (p instanceof Integer) {
        ps.setInt(idx, (Integer) p);
      } else if (p == null) {
        ps.setNull(idx, Types.VARCHAR);
      } else {
        ps.setString(idx, p.toString());
      }
    }
    return ps;
  }
}
