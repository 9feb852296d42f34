// Part of the run402-local benchmark (bench/run.sh); see Bench.java.

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Steps 4 and 5: SQL round trips over HTTP and the same Postgres over raw JDBC, then RSS after them. */
final class SqlBench {
  private SqlBench() {}

  static void step(Bench b, Emulator e, Path data, String projectId, String serviceKey, int warmup, int sqlIterations)
      throws Exception {
    // 4 + 5. SQL round trips over HTTP, and the same Postgres over raw JDBC, interleaved per iteration so
    // that both see the same machine noise (the ratio is what matters on a shared box).
    String sqlUrl = e.baseUrl + "/projects/v1/admin/" + projectId + "/sql";
    String auth = "Bearer " + serviceKey;
    JsonNode created = b.starts.sql(sqlUrl, auth, "text/plain",
        "CREATE TABLE bench_items (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name TEXT NOT NULL, qty INT)");
    String schema = created.path("schema").asText("");
    if (schema.isBlank()) {
      throw new IllegalStateException("the SQL response names no schema: " + created);
    }
    String password = Bench.postgresPassword(data);
    DriverManager.setLoginTimeout(10);
    String url = b.postgresUrl(e);

    List<Double> httpSelect1 = new ArrayList<>();
    List<Double> httpInsert = new ArrayList<>();
    List<Double> httpSelectParam = new ArrayList<>();
    List<Double> jdbcSelect1 = new ArrayList<>();
    List<Double> jdbcSelectParam = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url, "postgres", password);
        Statement st = c.createStatement();
        PreparedStatement ps = c.prepareStatement(
            "SELECT id, name, qty FROM \"" + schema.replace("\"", "\"\"") + "\".bench_items WHERE id = ?")) {
      st.setQueryTimeout(30);
      ps.setQueryTimeout(30);
      for (int i = 0; i < warmup + sqlIterations; i++) {
        boolean keep = i >= warmup;
        // HTTP SELECT 1 (text/plain body)
        long t0 = System.nanoTime();
        JsonNode r = b.starts.sql(sqlUrl, auth, "text/plain", "SELECT 1");
        double v = (System.nanoTime() - t0) / 1e6;
        if (r.path("rows").size() != 1) {
          throw new IllegalStateException("SELECT 1 returned " + r);
        }
        if (keep) {
          httpSelect1.add(v);
        }
        // JDBC SELECT 1, same Postgres
        t0 = System.nanoTime();
        try (ResultSet rs = st.executeQuery("SELECT 1")) {
          rs.next();
          rs.getInt(1);
        }
        v = (System.nanoTime() - t0) / 1e6;
        if (keep) {
          jdbcSelect1.add(v);
        }
        // HTTP insert with params (JSON body)
        String ins = Bench.JSON.writeValueAsString(Map.of(
            "sql", "INSERT INTO bench_items (name, qty) VALUES ($1, $2) RETURNING id",
            "params", List.of("item-" + i, i)));
        t0 = System.nanoTime();
        r = b.starts.sql(sqlUrl, auth, "application/json", ins);
        v = (System.nanoTime() - t0) / 1e6;
        long id = r.path("rows").path(0).path("id").asLong(-1);
        if (id < 0) {
          throw new IllegalStateException("INSERT … RETURNING id returned " + r);
        }
        if (keep) {
          httpInsert.add(v);
        }
        // HTTP select by id with params
        String sel = Bench.JSON.writeValueAsString(Map.of(
            "sql", "SELECT id, name, qty FROM bench_items WHERE id = $1", "params", List.of(id)));
        t0 = System.nanoTime();
        r = b.starts.sql(sqlUrl, auth, "application/json", sel);
        v = (System.nanoTime() - t0) / 1e6;
        if (r.path("rows").size() != 1) {
          throw new IllegalStateException("SELECT by id returned " + r);
        }
        if (keep) {
          httpSelectParam.add(v);
        }
        // JDBC prepared select of the same row
        ps.setLong(1, id);
        t0 = System.nanoTime();
        int n = 0;
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            rs.getString(2);
            n++;
          }
        }
        v = (System.nanoTime() - t0) / 1e6;
        if (n != 1) {
          throw new IllegalStateException("JDBC select by id found " + n + " rows");
        }
        if (keep) {
          jdbcSelectParam.add(v);
        }
      }
    }

    ObjectNode sqlJson = b.results.putObject("sql_ms");
    sqlJson.put("iterations", sqlIterations);
    sqlJson.put("warmup_iterations_excluded", warmup);
    Stats.putStats(sqlJson.putObject("http_select_1"), httpSelect1);
    Stats.putStats(sqlJson.putObject("http_insert_params"), httpInsert);
    Stats.putStats(sqlJson.putObject("http_select_by_id_params"), httpSelectParam);
    Stats.putStats(sqlJson.putObject("jdbc_select_1"), jdbcSelect1);
    Stats.putStats(sqlJson.putObject("jdbc_select_by_id_prepared"), jdbcSelectParam);
    double ratio = Stats.pct(httpSelect1, 50) / Stats.pct(jdbcSelect1, 50);
    sqlJson.put("ratio_http_select_1_p50_over_jdbc_p50", Stats.round(ratio));
    b.row("SQL HTTP `SELECT 1` (" + sqlIterations + ") p50 / p95", Stats.ms(Stats.pct(httpSelect1, 50)) + " / "
        + Stats.ms(Stats.pct(httpSelect1, 95)), "-", "");
    b.row("SQL HTTP insert w/ params p50 / p95", Stats.ms(Stats.pct(httpInsert, 50)) + " / " + Stats.ms(Stats.pct(httpInsert, 95)), "-", "");
    b.row("SQL HTTP select by id w/ params p50 / p95",
        Stats.ms(Stats.pct(httpSelectParam, 50)) + " / " + Stats.ms(Stats.pct(httpSelectParam, 95)), "-", "");
    b.row("JDBC `SELECT 1` same Postgres p50 / p95", Stats.ms(Stats.pct(jdbcSelect1, 50)) + " / " + Stats.ms(Stats.pct(jdbcSelect1, 95)),
        "-", "");
    b.row("JDBC prepared select by id p50 / p95",
        Stats.ms(Stats.pct(jdbcSelectParam, 50)) + " / " + Stats.ms(Stats.pct(jdbcSelectParam, 95)), "-", "");
    b.row("ratio HTTP SELECT 1 p50 / JDBC p50", String.format(Locale.ROOT, "%.1fx", ratio), "-", "");

    Rss afterSql = Rss.of(e.process.pid());
    b.results.set("rss_after_sql", afterSql.toJson());
    b.row("RSS after SQL runs: JVM / postgres sum RSS / PSS", Stats.mb(afterSql.jvmKb) + " / " + Stats.mb(afterSql.pgRssKb)
        + " / " + Stats.mb(afterSql.pgPssKb) + " (" + afterSql.pgProcs + " procs)", "-", "");
  }
}
