package com.run402.local.server.parity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.run402.local.server.Routes;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParityReportTest {
  private static final RouteEntry LIST = new RouteEntry("GET", "/projects/v1", "projects", "surface");
  private static final RouteEntry SQL = new RouteEntry("POST", "/projects/v1/admin/:id/sql", "admin", "legacy");
  private static final RouteEntry BLOB = new RouteEntry("PUT", "/storage/v1/object/:bucket/:key*", "storage", "sdk");
  private static final RouteEntry DELETE = new RouteEntry("DELETE", "/projects/v1/:id", "projects", "contract");
  private static final RouteCatalog CATALOG = new RouteCatalog(List.of(LIST, SQL, BLOB, DELETE));

  /** As Routes.register builds them: Javalin-free entries with the handler's own parameter names. */
  private static Routes.Emulated emulated(String method, String path, String status, String proof, String note) {
    return new Routes.Emulated(new RouteEntry(method, path, "", ""), status, proof, note);
  }

  private static final List<Routes.Emulated> EMULATED = List.of(
      emulated("GET", "/projects/v1", "emulated", "ProjectsIT#lists", null),
      emulated("POST", "/projects/v1/admin/:projectId/sql", "partial", "SqlIT#runs", "no | pipes here"),
      emulated("PUT", "/storage/v1/object/:b/:path*", "emulated", "StorageIT#puts", null));

  @Test
  void each_catalogue_route_gets_the_status_of_the_handler_serving_its_shape() {
    ParityReport report = new ParityReport(CATALOG, EMULATED);
    assertThat(report.rows()).extracting(r -> r.route().path() + " " + r.status()).containsExactly(
        "/projects/v1 emulated",
        "/projects/v1/admin/:id/sql partial",
        "/storage/v1/object/:bucket/:key* emulated",
        "/projects/v1/:id not_emulated");
    ParityReport.Row sql = report.rows().get(1);
    assertThat(sql.route()).isSameAs(SQL);
    assertThat(sql.proof()).isEqualTo("SqlIT#runs");
    assertThat(sql.note()).isEqualTo("no | pipes here");
    ParityReport.Row missing = report.rows().get(3);
    assertThat(missing.proof()).isNull();
    assertThat(missing.note()).isNull();
  }

  @Test
  void summary_counts_each_status() {
    assertThat(new ParityReport(CATALOG, EMULATED).summary()).containsExactly(
        Map.entry("total", 4), Map.entry("emulated", 2), Map.entry("partial", 1), Map.entry("not_emulated", 1));
  }

  @Test
  void with_nothing_emulated_every_route_is_not_emulated() {
    assertThat(new ParityReport(CATALOG, List.of()).summary())
        .containsEntry("total", 4).containsEntry("not_emulated", 4).containsEntry("emulated", 0);
  }

  @Test
  void the_method_must_match_as_well_as_the_path() {
    ParityReport report = new ParityReport(
        new RouteCatalog(List.of(LIST, new RouteEntry("POST", "/projects/v1", "projects", "surface"))),
        List.of(emulated("POST", "/projects/v1", "emulated", "T#p", null)));
    assertThat(report.rows()).extracting(ParityReport.Row::status).containsExactly("not_emulated", "emulated");
  }

  @Test
  void an_emulated_route_missing_from_the_catalogue_is_an_error_naming_it() {
    List<Routes.Emulated> extra = List.of(emulated("GET", "/nope/v1/:id", "emulated", "X#y", null));
    assertThatThrownBy(() -> new ParityReport(CATALOG, extra)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("GET /nope/v1/:id").hasMessageContaining("Routes.local");
  }

  @Test
  void a_known_path_under_another_method_is_not_in_the_catalogue() {
    List<Routes.Emulated> wrongMethod = List.of(emulated("PATCH", "/projects/v1", "emulated", "X#y", null));
    assertThatThrownBy(() -> new ParityReport(CATALOG, wrongMethod)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void json_lists_the_summary_and_every_route() {
    ObjectNode o = new ParityReport(CATALOG, EMULATED).toJson(new ObjectMapper());
    assertThat(o.path("summary").path("total").asInt()).isEqualTo(4);
    assertThat(o.path("routes")).hasSize(4);
    assertThat(o.path("routes").get(1).toString()).isEqualTo("{\"method\":\"POST\",\"path\":\"/projects/v1/admin/:id/sql\","
        + "\"family\":\"admin\",\"source\":\"legacy\",\"status\":\"partial\",\"test\":\"SqlIT#runs\",\"note\":\"no | pipes here\"}");
    assertThat(o.path("routes").get(3).path("test").isNull()).isTrue();
  }

  @Test
  void markdown_has_a_summary_table_and_one_row_per_route() {
    String md = new ParityReport(CATALOG, EMULATED).markdown();
    assertThat(md).startsWith("# Parity with the production Run402 API\n");
    assertThat(md).contains("| total | 4 |\n", "| emulated | 2 |\n", "| partial | 1 |\n", "| not_emulated | 1 |\n");
    assertThat(md).contains(
        "| GET | `/projects/v1` | emulated | ProjectsIT#lists |  |\n",
        "| POST | `/projects/v1/admin/:id/sql` | partial | SqlIT#runs | no \\| pipes here |\n",
        "| PUT | `/storage/v1/object/:bucket/:key*` | emulated | StorageIT#puts |  |\n",
        "| DELETE | `/projects/v1/:id` | not_emulated |  |  |\n");
    String routes = md.substring(md.indexOf("## Routes"));
    assertThat(routes.lines().filter(l -> l.startsWith("| ") && l.contains("`"))).hasSize(4);
  }
}
