package com.run402.local.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.run402.local.junit5.Run402Test;
import com.run402.local.testsupport.Api;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The {@code on-signup} lifecycle hook (legacy-gateway 6.5): called after a password signup and after the first
 * magic-link sign-in that creates the user, never on later sign-ins, and never in the way of the signup.
 */
@Run402Test(payments = "free")
class SignupHookIT {
  private static final Pattern TOKEN = Pattern.compile("[?&]token=([A-Za-z0-9_%-]+)");

  @Test
  void signups_call_the_hook_once_each_and_a_failing_hook_never_fails_the_signup(com.run402.local.Run402Local local)
      throws Exception {
    Api api = new Api(local.baseUri());
    FunctionProject fp = FunctionProject.provision(api, "hooks");
    Api.Res d = fp.deploy("on-signup", """
        export default async (req) => {
          const { user } = await req.json();
          if (user.email.startsWith("boom")) throw new Error("hook broke for " + user.email);
          console.log("hook:", req.method, req.headers.get("x-run402-trigger"), user.email,
            /^[0-9a-f-]{36}$/.test(user.id) ? "id" : "no-id", user.created_at ? "created_at" : "no-created_at");
          return new Response("ok");
        };
        """, null);
    assertThat(d.status()).as(d.text()).isEqualTo(201);
    Map<String, String> anon = Map.of("apikey", fp.anon());

    Api.Res boom = api.postJson("/auth/v1/signup", anon, "{\"email\":\"boom@example.com\",\"password\":\"pw-1\"}");
    assertThat(boom.status()).as("the hook's failure is not the signup's").isEqualTo(201);
    Api.Res ann = api.postJson("/auth/v1/signup", anon, "{\"email\":\"ann@example.com\",\"password\":\"pw-1\"}");
    assertThat(ann.status()).as(ann.text()).isEqualTo(201);
    awaitLog(fp, "hook: POST signup ann@example.com id created_at");
    assertThat(logs(fp)).contains("hook broke for boom@example.com");

    signInByLink(api, anon, "bob@example.com"); // creates bob: the hook runs
    signInByLink(api, anon, "bob@example.com"); // bob again: it does not
    assertThat(api.postJson("/auth/v1/signup", anon, "{\"email\":\"cat@example.com\",\"password\":\"pw-1\"}")
        .status()).isEqualTo(201);
    awaitLog(fp, "hook: POST signup cat@example.com"); // hooks run in order: bob's would be in by now
    String all = logs(fp);
    assertThat(all.split("hook: POST signup bob@example.com", -1)).as(all).hasSize(2);
  }

  private static void signInByLink(Api api, Map<String, String> anon, String email) {
    Api.Res sent = api.postJson("/auth/v1/magic-link", anon, "{\"email\":\"" + email
        + "\",\"redirect_url\":\"http://localhost:5173/cb\"}");
    assertThat(sent.status()).as(sent.text()).isEqualTo(200);
    JsonNode list = api.get("/__local/mail?to=" + URLEncoder.encode(email, StandardCharsets.UTF_8), Map.of()).json();
    String text = api.get("/__local/mail/" + list.get("messages").get(0).get("id").asText(), Map.of()).json()
        .get("text").asText();
    Matcher m = TOKEN.matcher(text);
    assertThat(m.find()).as(text).isTrue();
    Api.Res in = api.postJson("/auth/v1/token?grant_type=magic_link", anon,
        "{\"token\":\"" + URLDecoder.decode(m.group(1), StandardCharsets.UTF_8) + "\"}");
    assertThat(in.status()).as(in.text()).isEqualTo(200);
  }

  private static String logs(FunctionProject fp) {
    return fp.admin("GET", "/functions/on-signup/logs?tail=100", null).text();
  }

  private static void awaitLog(FunctionProject fp, String line) throws InterruptedException {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (!logs(fp).contains(line)) {
      assertThat(System.nanoTime()).as("waiting for the log line '" + line + "': " + logs(fp)).isLessThan(deadline);
      Thread.sleep(100);
    }
  }
}
