package com.run402.local.server.parity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.run402.local.Run402Local;
import com.run402.local.junit5.Run402Test;
import com.run402.local.testsupport.Api;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every route of the parity report answers as its status says (501 for not_emulated, a real answer
 * otherwise), and docs/PARITY.md is regenerated from the same report.
 */
@Run402Test
class ParityDocIT {

  @Test
  void every_catalogue_route_answers_as_the_report_says_and_the_doc_is_regenerated(Run402Local local) throws Exception {
    Api api = new Api(local.baseUri());
    JsonNode report = api.get("/__local/parity", Map.of()).json();
    List<String> wrong = new ArrayList<>();
    for (JsonNode r : report.get("routes")) {
      String method = r.get("method").asText().equals("ANY") ? "POST" : r.get("method").asText();
      String path = r.get("path").asText().replaceAll(":[a-z_]+\\*", "a/b.txt").replaceAll(":[a-z_]+", "x1");
      Api.Res res = api.send(method, path, Map.of(), method.equals("GET") || method.equals("DELETE") ? null : "{}");
      String error = res.json() == null || res.json().get("error") == null ? "" : res.json().get("error").asText();
      boolean notEmulated = res.status() == 501 && error.equals("not_emulated");
      boolean expectNotEmulated = r.get("status").asText().equals("not_emulated");
      if (notEmulated != expectNotEmulated || error.equals("not_found") || res.status() >= 500 && !notEmulated) {
        wrong.add(method + " " + path + " -> " + res.status() + " " + error + " (report: " + r.get("status").asText() + ")");
      }
    }
    assertThat(wrong).isEmpty();

    String markdown = local.parity().markdown();
    Path doc = repoRoot().resolve("docs/PARITY.md");
    Files.createDirectories(doc.getParent());
    Files.writeString(doc, markdown);
    assertThat(markdown).contains("| POST | `/projects/v1/admin/:id/sql` | emulated |");
  }

  static Path repoRoot() {
    String root = System.getProperty("run402.repo.root");
    return root != null ? Path.of(root) : Path.of(System.getProperty("user.dir")).getParent();
  }
}
