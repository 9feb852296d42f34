package com.run402.local.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CommandLineTest {
  private static CommandLine parse(Map<String, String> env, String... args) {
    return CommandLine.parse(args, env);
  }

  private static CommandLine parse(String... args) {
    return parse(Map.of(), args);
  }

  @Test
  void defaults_apply_without_flags_or_env() {
    CommandLine cl = parse();
    assertThat(cl.port()).isEqualTo(4402);
    assertThat(cl.get("host")).isEqualTo("127.0.0.1");
    assertThat(cl.get("data-dir")).endsWith(".run402-local");
    assertThat(cl.logLevel()).isEqualTo("info");
    assertThat(cl.get("pg-isolation")).isEqualTo("auto");
    assertThat(cl.get("cache-dir")).isNull();
    assertThat(cl.flag("ephemeral")).isFalse();
    assertThat(cl.flag("help")).isFalse();
    assertThat(cl.values.values()).allSatisfy(v -> assertThat(v.source()).isEqualTo("default"));
  }

  @Test
  void every_option_derives_its_env_variable_from_its_key() {
    assertThat(CommandLine.OPTIONS).extracting(CommandLine.Option::env).contains(
        "RUN402_LOCAL_PORT", "RUN402_LOCAL_HOST", "RUN402_LOCAL_DATA_DIR", "RUN402_LOCAL_LOG_LEVEL",
        "RUN402_LOCAL_CACHE_DIR", "RUN402_LOCAL_PG_ISOLATION", "RUN402_LOCAL_EPHEMERAL");
  }

  @Test
  void env_variables_override_defaults_and_record_their_source() {
    CommandLine cl = parse(Map.of("RUN402_LOCAL_PORT", " 5000 ", "RUN402_LOCAL_DATA_DIR", "/tmp/d",
        "RUN402_LOCAL_EPHEMERAL", "1", "RUN402_LOCAL_LOG_LEVEL", "DEBUG"));
    assertThat(cl.port()).isEqualTo(5000);
    assertThat(cl.get("data-dir")).isEqualTo("/tmp/d");
    assertThat(cl.flag("ephemeral")).isTrue();
    assertThat(cl.logLevel()).isEqualTo("debug");
    assertThat(cl.values.get("port").source()).isEqualTo("env RUN402_LOCAL_PORT");
  }

  @Test
  void blank_env_variables_are_ignored() {
    CommandLine cl = parse(Map.of("RUN402_LOCAL_PORT", "  "));
    assertThat(cl.port()).isEqualTo(4402);
    assertThat(cl.values.get("port").source()).isEqualTo("default");
  }

  @Test
  void a_flag_beats_the_env_variable() {
    CommandLine cl = parse(Map.of("RUN402_LOCAL_PORT", "5000"), "--port", "6000");
    assertThat(cl.port()).isEqualTo(6000);
    assertThat(cl.values.get("port").source()).isEqualTo("flag --port");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {"--port=0", "--port 0"})
  void both_flag_forms_take_a_value(String flag) {
    assertThat(parse(flag.split(" ")).port()).isZero();
  }

  @Test
  void an_inline_value_may_contain_an_equals_sign() {
    assertThat(parse("--data-dir=/tmp/a=b").get("data-dir")).isEqualTo("/tmp/a=b");
  }

  @Test
  void rate_limit_defaults_to_production_and_zero_turns_it_off() {
    assertThat(parse().rateLimit()).isEqualTo(100);
    assertThat(parse("--rate-limit", "0").rateLimit()).isZero();
    assertThatThrownBy(() -> parse("--rate-limit", "-1").rateLimit()).hasMessageContaining("--rate-limit must be");
    assertThatThrownBy(() -> parse("--rate-limit=lots").rateLimit()).hasMessageContaining("--rate-limit must be");
  }

  @Test
  void the_last_occurrence_of_a_flag_wins() {
    assertThat(parse("--port", "1", "--port=2").port()).isEqualTo(2);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', textBlock = """
      --ephemeral        | true
      --ephemeral=true   | true
      --ephemeral=yes    | true
      --ephemeral=false  | false
      --ephemeral=0      | false
      """)
  void ephemeral_is_a_boolean_flag(String arg, boolean expected) {
    assertThat(parse(arg).flag("ephemeral")).isEqualTo(expected);
  }

  @Test
  void a_boolean_flag_does_not_consume_the_next_argument() {
    CommandLine cl = parse("--ephemeral", "--port", "1");
    assertThat(cl.flag("ephemeral")).isTrue();
    assertThat(cl.port()).isEqualTo(1);
  }

  @Test
  void dash_h_is_help() {
    assertThat(parse("-h").flag("help")).isTrue();
  }

  @Test
  void an_unknown_option_is_named_in_the_error() {
    assertThatThrownBy(() -> parse("--bogus=1")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--bogus").hasMessageNotContaining("=1");
  }

  @Test
  void a_positional_argument_is_rejected() {
    assertThatThrownBy(() -> parse("serve")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'serve'");
  }

  @Test
  void a_missing_value_is_reported() {
    assertThatThrownBy(() -> parse("--port")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--port needs a value.");
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @ValueSource(strings = {"abc", "-1", "65536", "", "80.5"})
  void an_invalid_port_is_rejected_with_its_value(String port) {
    assertThatThrownBy(() -> parse("--port=" + port).port()).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--port must be a number from 0 to 65535, got '" + port + "'.");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource({"error,error", "WARN,warn", "Info,info", "debug,debug", "trace,trace", "off,off"})
  void log_levels_are_lower_cased(String level, String expected) {
    assertThat(parse("--log-level", level).logLevel()).isEqualTo(expected);
  }

  @Test
  void an_unknown_log_level_is_rejected() {
    assertThatThrownBy(() -> parse("--log-level=verbose").logLevel()).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--log-level").hasMessageContaining("'verbose'");
  }

  @Test
  void print_config_lists_each_value_with_its_source_and_hides_action_flags() {
    String out = parse(Map.of("RUN402_LOCAL_HOST", "0.0.0.0"), "--port=0", "--print-config").printConfig();
    assertThat(out).contains("port=0  # flag --port\n", "host=0.0.0.0  # env RUN402_LOCAL_HOST\n",
        "log-level=info  # default\n", "cache-dir=  # default\n", "ephemeral=false  # default\n");
    assertThat(out).doesNotContain("print-config=", "help=", "version=");
    assertThat(out.lines()).hasSize(CommandLine.OPTIONS.size() - 3);
  }

  @Test
  void help_lists_every_option_with_its_env_variable() {
    String help = CommandLine.help();
    assertThat(help).startsWith("Usage: run402-local.sh [options]");
    for (CommandLine.Option o : CommandLine.OPTIONS) {
      assertThat(help).contains("--" + o.key(), "env " + o.env(), o.help());
    }
    assertThat(help).contains("--port <value>", "(default 4402)").doesNotContain("--ephemeral <value>");
  }
}
