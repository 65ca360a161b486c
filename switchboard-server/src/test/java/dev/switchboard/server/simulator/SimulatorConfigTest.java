package dev.switchboard.server.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.switchboard.Secret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SimulatorConfigTest {

    private static final String FULL = """
            gateway:
              port: 8080
              anything: [1, 2, 3]
            simulator:
              host: 127.0.0.1
              port: 9100
              api_keys: ["sim-key-1"]
              default_latency: 20ms
              strict_models: true
              models:
                gemini-quota:   {fault: rate_limited, retry_delay: 20s, quota: per_minute}
                flaky-503:      {fault: unavailable}
                slow-model:     {latency: 5s}
                broken-json:    {fault: malformed}
                blocked-model:  {fault: content_blocked}
                reset-model:    {fault: connection_reset}
                half-bad:       {fault: unavailable, fail_every: 2}
                daily:          {fault: rate_limited, quota: per_day}
                fixed:          {reply: "Paris.", latency: 1m}
                plain:
            store:
              url: jdbc:sqlite:x.db
            """;

    @Test
    void fullExampleParses() {
        SimulatorConfig config = SimulatorConfig.parse(FULL);

        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(9100);
        assertThat(config.apiKeys()).containsExactly(Secret.of("sim-key-1"));
        assertThat(config.defaultLatency()).isEqualTo(Duration.ofMillis(20));
        assertThat(config.strictModels()).isTrue();
        assertThat(config.models()).containsOnlyKeys("gemini-quota", "flaky-503", "slow-model", "broken-json",
                "blocked-model", "reset-model", "half-bad", "daily", "fixed", "plain");
        assertThat(config.models().keySet()).first().isEqualTo("gemini-quota");
    }

    @Test
    void modelSettingsParse() {
        SimulatorConfig config = SimulatorConfig.parse(FULL);

        ModelBehavior quota = config.models().get("gemini-quota");
        assertThat(quota.fault()).isEqualTo(Fault.RATE_LIMITED);
        assertThat(quota.retryDelay()).isEqualTo(Duration.ofSeconds(20));
        assertThat(quota.quota()).isEqualTo(Quota.PER_MINUTE);
        assertThat(config.models().get("daily").quota()).isEqualTo(Quota.PER_DAY);
        assertThat(config.models().get("daily").retryDelay()).isEqualTo(ModelBehavior.DEFAULT_RETRY_DELAY);
        assertThat(config.models().get("slow-model").latency()).hasValue(Duration.ofSeconds(5));
        assertThat(config.models().get("half-bad").failEvery()).isEqualTo(2);
        assertThat(config.models().get("flaky-503").failEvery()).isEqualTo(1);
        assertThat(config.models().get("fixed").reply()).hasValue("Paris.");
        assertThat(config.models().get("fixed").latency()).hasValue(Duration.ofMinutes(1));
        assertThat(config.models().get("plain")).isEqualTo(ModelBehavior.ofDefaults());
    }

    @Test
    void modelLatencyFallsBackToDefault() {
        SimulatorConfig config = SimulatorConfig.parse(FULL);

        assertThat(config.latencyOf(config.behaviourOf("flaky-503"))).isEqualTo(Duration.ofMillis(20));
        assertThat(config.latencyOf(config.behaviourOf("slow-model"))).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.latencyOf(config.behaviourOf("not-configured"))).isEqualTo(Duration.ofMillis(20));
    }

    @Test
    void missingSettingsTakeDefaults() {
        SimulatorConfig config = SimulatorConfig.parse("simulator: {}\n");

        assertThat(config).isEqualTo(SimulatorConfig.defaults());
        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(9100);
        assertThat(config.apiKeys()).isEmpty();
        assertThat(config.defaultLatency()).isZero();
        assertThat(config.strictModels()).isFalse();
    }

    @Test
    void emptySectionTakesDefaults() {
        assertThat(SimulatorConfig.parse("simulator:\n")).isEqualTo(SimulatorConfig.defaults());
    }

    @Test
    void loadReadsFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("switchboard.yaml");
        Files.writeString(file, FULL);

        assertThat(SimulatorConfig.load(file)).isEqualTo(SimulatorConfig.parse(FULL));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            port: 70000                          | simulator.port                  | 70000             | 0 to 65535
            port: nine                           | simulator.port                  | nine              | 0 to 65535
            host: 0.0.0.0                        | simulator.host                  | 0.0.0.0           | 127.0.0.0/8
            host: example.com                    | simulator.host                  | example.com       | localhost
            default_latency: 20                  | simulator.default_latency       | 20                | 20ms, 5s or 1m
            default_latency: 2 seconds           | simulator.default_latency       | 2 seconds         | ms, s, m or h
            default_latency: -5ms                | simulator.default_latency       | -5ms              | ms, s, m or h
            strict_models: yes please            | simulator.strict_models         | yes please        | true, false
            lateny: 5ms                          | simulator.lateny                | unknown setting   | default_latency
            api_keys: sim-key-1                  | simulator.api_keys              | type string       | a list of strings
            models: {m: {fault: explode}}        | simulator.models.m.fault        | explode           | rate_limited, unavailable
            models: {m: {fault: unavailable, fail_every: 0}} | simulator.models.m.fail_every | 0    | at least 1
            models: {m: {fault: unavailable, fail_every: x}} | simulator.models.m.fail_every | x    | at least 1
            models: {m: {fault: rate_limited, quota: weekly}} | simulator.models.m.quota     | weekly | per_minute, per_day
            models: {m: {fault: rate_limited, retry_delay: soon}} | simulator.models.m.retry_delay | soon | 20ms
            models: {m: {latency: 1d}}           | simulator.models.m.latency      | 1d                | ms, s, m or h
            models: {m: {latancy: 1s}}           | simulator.models.m.latancy      | unknown setting   | latency, fault
            models: {m: {reply: "  "}}           | simulator.models.m.reply        | must not be blank | derived from the prompt
            models: {m: {retry_delay: 5s}}       | simulator.models.m.retry_delay  | fault none        | fault rate_limited
            models: {m: {fault: unavailable, quota: per_day}} | simulator.models.m.quota | fault unavailable | rate_limited
            models: {m: {fail_every: 3}}         | simulator.models.m.fail_every   | fault none        | other than none
            models: [a, b]                       | simulator.models                | "b"               | a mapping
            """)
    void invalidSettingNamesFieldValueAndAllowedValues(String setting, String field, String value, String allowed) {
        String yaml = "simulator:\n  " + setting + "\n";

        SimulatorConfigException e = catchThrowableOfType(SimulatorConfigException.class,
                () -> SimulatorConfig.parse(yaml));

        assertThat(e).as("exception for %s", setting).isNotNull();
        assertThat(e.field()).isEqualTo(field);
        assertThat(e.getMessage()).startsWith(field + ": ");
        assertThat(e.getMessage()).contains(value);
        assertThat(e.getMessage()).contains(allowed);
    }

    @Test
    void missingSectionIsRejected() {
        SimulatorConfigException e = catchThrowableOfType(SimulatorConfigException.class,
                () -> SimulatorConfig.parse("gateway:\n  port: 8080\n"));

        assertThat(e.field()).isEqualTo("simulator");
        assertThat(e.getMessage()).contains("add a top-level 'simulator:' mapping");
    }

    @Test
    void emptyDocumentIsRejected() {
        assertThatThrownBy(() -> SimulatorConfig.parse(""))
                .isInstanceOf(SimulatorConfigException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void invalidYamlGivesPositionWithoutQuotingTheLine() {
        String yaml = "simulator:\n  api_keys: [\"sim-secret-line\"\n  port: 1\n";

        SimulatorConfigException e = catchThrowableOfType(SimulatorConfigException.class,
                () -> SimulatorConfig.parse(yaml));

        assertThat(e.getMessage()).contains("not valid YAML at line");
        assertThat(e.getMessage()).doesNotContain("sim-secret-line");
        assertThat(e.getCause()).isNull();
    }

    @Test
    void duplicateKeyIsRejected() {
        assertThatThrownBy(() -> SimulatorConfig.parse("simulator:\n  port: 1\n  port: 2\n"))
                .isInstanceOf(SimulatorConfigException.class)
                .hasMessageContaining("not valid YAML");
    }

    @Test
    void apiKeyEntryErrorHidesTheValue() {
        SimulatorConfigException e = catchThrowableOfType(SimulatorConfigException.class,
                () -> SimulatorConfig.parse("simulator:\n  api_keys: [\"ok-key\", \"   \"]\n"));

        assertThat(e.field()).isEqualTo("simulator.api_keys[1]");
        assertThat(e.getMessage()).contains("[REDACTED]");
    }

    @Test
    void toStringHidesApiKeys() {
        SimulatorConfig config = SimulatorConfig.parse("simulator:\n  api_keys: [\"sim-visible-key\"]\n");

        assertThat(config.toString()).doesNotContain("sim-visible-key");
        assertThat(config.toString()).contains("[REDACTED]");
    }

    @ParameterizedTest
    @CsvSource({"0ms, 0", "20ms, 20", "5s, 5000", "1m, 60000", "2h, 7200000"})
    void durationsParse(String text, long millis) {
        assertThat(DurationText.parse(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @CsvSource({"0, 0s", "20000, 20s", "1500, 1.500s", "250, 0.250s"})
    void retryDelayFormatsAsProtobufDuration(long millis, String text) {
        assertThat(DurationText.protobuf(Duration.ofMillis(millis))).isEqualTo(text);
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "1, 1", "999, 1", "1000, 1", "1001, 2", "20000, 20"})
    void retryAfterRoundsUp(long millis, long seconds) {
        assertThat(DurationText.retryAfterSeconds(Duration.ofMillis(millis))).isEqualTo(seconds);
    }

    @ParameterizedTest
    @CsvSource({"localhost", "127.0.0.1", "127.1.2.3", "::1"})
    void loopbackHostsAreAccepted(String host) {
        SimulatorConfig config = new SimulatorConfig(host, 0, List.of(), Duration.ZERO, false,
                java.util.Map.of());

        assertThat(config.host()).isEqualTo(host);
    }

    @Test
    void programmaticBehaviourRejectsZeroFailEvery() {
        assertThatThrownBy(() -> ModelBehavior.failingWith(Fault.UNAVAILABLE).withFailEvery(0))
                .isInstanceOf(SimulatorConfigException.class)
                .hasMessageContaining("fail_every");
    }

    @Test
    void withModelAddsBehaviour() {
        SimulatorConfig config = SimulatorConfig.defaults()
                .withModel("m", ModelBehavior.failingWith(Fault.MALFORMED).withLatency(Duration.ofMillis(5)));

        assertThat(config.behaviourOf("m").fault()).isEqualTo(Fault.MALFORMED);
        assertThat(config.behaviourOf("m").latency()).isEqualTo(Optional.of(Duration.ofMillis(5)));
    }

    @Test
    void faultNamesRoundTrip() {
        for (Fault fault : Fault.values()) {
            assertThat(Fault.fromConfigName(fault.configName())).isEqualTo(fault);
        }
        assertThat(Fault.configNames()).containsExactly("none", "rate_limited", "unavailable", "invalid_key",
                "malformed", "content_blocked", "connection_reset", "server_error");
    }
}
