package dev.switchboard.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.provider.ProviderKind;
import dev.switchboard.provider.ProviderSettings;
import dev.switchboard.routing.Profile;
import dev.switchboard.routing.RoutingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    private static final String VALID = """
            server:
              port: 9000
              gateway_key: ${GW_KEY}
            store:
              url: jdbc:postgresql://127.0.0.1:5432/switchboard
              user: postgres
            router_policy:
              preferred_provider: local
            providers:
              gemini:
                type: gemini
                api_key: ${GEMINI_API_KEY}
                timeout: 45s
                max_concurrency: 8
              local:
                type: ollama
                base_url: http://127.0.0.1:11434/
            profiles:
              summarize:
                mode: balanced
                retries: 2
                cooldown: 1m
                deployments:
                  - {provider: gemini, model: gemini-2.5-flash, weight: 3, params: {temperature: 0.2, max_output_tokens: 256}}
                  - {provider: local, model: llama3.2}
            """;

    private static final Map<String, String> ENV = Map.of("GW_KEY", "gateway-key-0123456789abcdef",
            "GEMINI_API_KEY", "AIzaSyTestKey00000000000000000000000000");

    @Test
    void validFileLoadsEverySection() {
        SwitchboardConfig config = ConfigLoader.parse(VALID, "test.yaml", ENV);

        assertThat(config.server().port()).isEqualTo(9000);
        assertThat(config.server().gatewayKey().reveal()).isEqualTo("gateway-key-0123456789abcdef");
        assertThat(config.store().url()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/switchboard");
        assertThat(config.routerPolicy().preferredProvider()).isEqualTo("local");
        ProviderSettings gemini = config.providers().get(0);
        assertThat(gemini.kind()).isEqualTo(ProviderKind.GEMINI);
        assertThat(gemini.baseUrl().toString()).isEqualTo(ProviderKind.GEMINI.defaultBaseUrl());
        assertThat(gemini.timeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(gemini.maxConcurrency()).isEqualTo(8);
        assertThat(gemini.apiKey().reveal()).isEqualTo("AIzaSyTestKey00000000000000000000000000");
        assertThat(config.providers().get(1).baseUrl().toString()).isEqualTo("http://127.0.0.1:11434");
        Profile profile = config.profiles().get(0);
        assertThat(profile.mode()).isEqualTo(RoutingMode.BALANCED);
        assertThat(profile.retry().maxRetries()).isEqualTo(2);
        assertThat(profile.cooldown()).isEqualTo(Duration.ofMinutes(1));
        assertThat(profile.deployments().get(0).weight()).isEqualTo(3);
        assertThat(profile.deployments().get(0).params().maxOutputTokens()).isEqualTo(256);
    }

    @Test
    void secretsListsEveryConfiguredCredential() {
        SwitchboardConfig config = ConfigLoader.parse(VALID, "test.yaml", ENV);

        assertThat(config.secrets()).containsExactlyInAnyOrder("gateway-key-0123456789abcdef",
                "AIzaSyTestKey00000000000000000000000000");
    }

    @Test
    void unknownSettingIsNamedWithItsLine() {
        String yaml = """
                providers:
                  local: {type: ollama}
                colour: blue
                profiles:
                  p: {deployments: [{provider: local, model: m}]}
                """;

        assertThatThrownBy(() -> ConfigLoader.parse(yaml, "bad.yaml", Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.problems()).hasSize(1);
                    assertThat(e.problems().get(0).line()).isEqualTo(3);
                    assertThat(e.getMessage()).contains("unknown setting 'colour'", "allowed here");
                });
    }

    @Test
    void badDurationNamesTheAcceptedForms() {
        String yaml = """
                providers:
                  local:
                    type: ollama
                    timeout: 30 seconds
                profiles:
                  p: {deployments: [{provider: local, model: m}]}
                """;

        assertThatThrownBy(() -> ConfigLoader.parse(yaml, "bad.yaml", Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.problems().get(0).line()).isEqualTo(4);
                    assertThat(e.getMessage()).contains("'30 seconds' is not a duration", "500ms, 30s, 5m or 1h");
                });
    }

    @Test
    void unknownProviderLineIsTheDeploymentLine() {
        String yaml = """
                providers:
                  local: {type: ollama}
                profiles:
                  p:
                    deployments:
                      - {provider: nope, model: m}
                """;

        assertThatThrownBy(() -> ConfigLoader.parse(yaml, "bad.yaml", Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.problems()).hasSize(1);
                    assertThat(e.problems().get(0).line()).isEqualTo(6);
                    assertThat(e.problems().get(0).path()).isEqualTo("profiles.p.deployments.0.provider");
                    assertThat(e.getMessage()).contains("use one of [local]");
                });
    }

    @Test
    void missingEnvironmentVariableIsReportedWithoutAValue() {
        String yaml = """
                providers:
                  gemini: {type: gemini, api_key: "${MISSING_KEY}"}
                profiles:
                  p: {deployments: [{provider: gemini, model: m}]}
                """;

        assertThatThrownBy(() -> ConfigLoader.parse(yaml, "bad.yaml", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("references ${MISSING_KEY}, which is not set");
    }

    @Test
    void literalApiKeyIsRejectedWithoutEchoingIt() {
        String yaml = """
                providers:
                  openai: {type: openai, api_key: sk-literal-secret-value-123456}
                profiles:
                  p: {deployments: [{provider: openai, model: m}]}
                """;

        assertThatThrownBy(() -> ConfigLoader.parse(yaml, "bad.yaml", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("environment reference")
                .hasMessageNotContaining("sk-literal-secret-value-123456");
    }

    @Test
    void zeroTimeoutIsNamedAtItsOwnSetting() {
        String yaml = """
                providers:
                  o: {type: ollama, timeout: 0s}
                profiles:
                  p: {deployments: [{provider: o, model: m}]}
                """;

        assertThatThrownBy(() -> ConfigLoader.parse(yaml, "bad.yaml", Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.problems()).extracting(ConfigProblem::path).containsExactly("providers.o.timeout");
                    assertThat(e.getMessage()).contains("must be positive");
                });
    }

    @Test
    void literalGatewayKeyIsRejected() {
        String yaml = """
                server: {gateway_key: literal-gateway-key-0123456789}
                providers:
                  o: {type: ollama}
                profiles:
                  p: {deployments: [{provider: o, model: m}]}
                """;

        assertThatThrownBy(() -> ConfigLoader.parse(yaml, "bad.yaml", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("${SWITCHBOARD_KEY}")
                .hasMessageNotContaining("literal-gateway-key-0123456789");
    }

    @Test
    void everyProblemIsListedAtOnce() {
        String yaml = """
                server: {port: 70000}
                providers:
                  a: {type: carrier-pigeon}
                profiles:
                  p: {mode: random, deployments: []}
                """;

        assertThatThrownBy(() -> ConfigLoader.parse(yaml, "bad.yaml", Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .extracting(ConfigProblem::path)
                        .contains("server.port", "providers.a.type", "profiles.p.mode", "profiles.p.deployments"));
    }

    @Test
    void invalidYamlNamesTheLine() {
        assertThatThrownBy(() -> ConfigLoader.parse("providers:\n  a: [unclosed\n", "bad.yaml", Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.getMessage()).contains("invalid YAML");
                    assertThat(e.problems().get(0).line()).isPositive();
                });
    }

    @Test
    void defaultsUseOllamaAndGeminiOnlyWithAKey() {
        SwitchboardConfig withoutKey = ConfigLoader.defaults(Map.of());
        SwitchboardConfig withKey = ConfigLoader.defaults(Map.of("GEMINI_API_KEY", "AIzaSyTestKey0000000000000000000000000"));

        assertThat(withoutKey.providers()).extracting(ProviderSettings::name).containsExactly("ollama");
        assertThat(withKey.providers()).extracting(ProviderSettings::name).containsExactly("gemini", "ollama");
        assertThat(withoutKey.store().url()).isEqualTo("jdbc:sqlite:data/switchboard.db");
        assertThat(ConfigLoader.defaults(Map.of("SWITCHBOARD_HOME", "/srv/sb")).store().url())
                .isEqualTo("jdbc:sqlite:/srv/sb/switchboard.db");
    }

    @Test
    void drillExampleIsValid(@TempDir Path dir) throws Exception {
        Path example = Path.of("..", "examples", "drill.yaml");

        SwitchboardConfig config = ConfigLoader.load(example, Map.of("DRILL_DIR", dir.toString()));

        assertThat(config.profiles()).extracting(Profile::name)
                .containsExactly("summarize", "extract", "classify", "outage", "tag", "parse");
        assertThat(Files.exists(example)).isTrue();
    }

    @Test
    void missingFileIsReportedWithTheFix(@TempDir Path dir) {
        assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("absent.yaml"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("check the path given to --config");
    }
}
