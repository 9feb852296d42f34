package com.run402.local.runtime.functions;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A real worker serving calls over each of its transports: a Unix domain socket (Linux, macOS) and the loopback
 * TCP fallback (Windows, or a socket path too long for an address), with the call frames the gateway sends, two
 * calls on one kept connection.
 */
@Timeout(60)
class WorkerTransportIT {
  @TempDir
  Path tmp;

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void a_worker_answers_calls_on_a_kept_connection(boolean unixSocket) throws Exception {
    NodeRuntime runtime = NodeRuntime.locate(tmp.resolve("cache"));
    Path module = tmp.resolve("hello.mjs");
    Files.writeString(module, "export default async (req) => new Response('hi ' + req.method + ' '"
        + " + new URL(req.url).searchParams.get('n'), { headers: { 'x-fn': 'yes' } });");
    Path socket = unixSocket ? new WorkerSockets(tmp).next() : null;
    assertThat(socket == null).as("the transport under test").isEqualTo(!unixSocket);
    Worker w = Worker.start(FunctionsOptions.defaults(), runtime, tmp, socket, new WorkerPool.Key("prj_t", 128),
        (level, line) -> { });
    try {
      WireConnection c = w.connection();
      for (int n = 1; n <= 2; n++) {
        String head = String.join("\0", "GET", "http://127.0.0.1/functions/v1/hello?n=" + n, module.toString(),
            "hello", "req_" + n, "0", "accept", "*/*");
        c.frame('H', head.getBytes(StandardCharsets.UTF_8));
        c.frame('E', "{\"RUN402_PROJECT_ID\":\"prj_t\"}".getBytes(StandardCharsets.UTF_8));
        c.frame('Z', new byte[0]);
        c.flush();
        assertThat(c.type()).isEqualTo('H');
        String answer = new String(c.payload(c.length()), StandardCharsets.UTF_8);
        assertThat(List.of(answer.split("\0"))).startsWith("200").contains("x-fn", "yes");
        List<String> body = new ArrayList<>();
        for (char t = c.type(); t != 'Z'; t = c.type()) {
          assertThat(t).isEqualTo('D');
          body.add(new String(c.payload(c.length()), StandardCharsets.UTF_8));
        }
        assertThat(c.length()).isZero();
        assertThat(String.join("", body)).isEqualTo("hi GET " + n);
      }
      c.close();
    } finally {
      w.close();
    }
  }
}
