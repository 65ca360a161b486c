package dev.switchboard.server.gateway;

import dev.switchboard.server.config.ConfigLoader;
import dev.switchboard.server.config.SwitchboardConfig;
import dev.switchboard.server.simulator.Simulator;
import dev.switchboard.server.simulator.SimulatorConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A provider simulator and a gateway in front of it, on free loopback ports, with a SQLite store
 * in a given folder. Every profile fails in a known way on its first deployment.
 */
final class GatewayFixture implements AutoCloseable {

    static final String GATEWAY_KEY = "gw-test-key-7f3a9c2e5b1d4f60";
    static final String GEMINI_KEY = "AIzaSyFixtureFakeKey00000000000000000000";
    static final String OPENAI_KEY = "sk-fixture-fake-key-000000000000000000000";
    static final String REVOKED_KEY = "sk-fixture-revoked-key-1111111111111111111";

    static final String YAML = """
            simulator:
              host: 127.0.0.1
              port: 0
              api_keys: ["%s", "%s"]
              models:
                quota-model: {fault: rate_limited, retry_delay: 20s}
                down-model: {fault: unavailable}
                slow-model: {latency: 2s}
                broken-model: {fault: malformed}
                blocked-model: {fault: content_blocked}
            server:
              gateway_key: ${GW_KEY}
            data_dir: ${DATA_DIR}
            store:
              url: jdbc:sqlite:${DATA_DIR}/switchboard.db
            providers:
              gemini:
                type: gemini
                base_url: http://127.0.0.1:${SIM_PORT}/v1beta
                api_key: ${GEMINI_KEY}
                timeout: 5s
              openai:
                type: openai
                base_url: http://127.0.0.1:${SIM_PORT}/v1
                api_key: ${OPENAI_KEY}
                timeout: 5s
              openai-short:
                type: openai
                base_url: http://127.0.0.1:${SIM_PORT}/v1
                api_key: ${OPENAI_KEY}
                timeout: 500ms
              revoked:
                type: openai
                base_url: http://127.0.0.1:${SIM_PORT}/v1
                api_key: ${REVOKED_KEY}
              ollama:
                type: ollama
                base_url: http://127.0.0.1:${SIM_PORT}
                api_key: ${OPENAI_KEY}
              nowhere:
                type: ollama
                base_url: http://127.0.0.1:${DOWN_PORT}
            profiles:
              summarize:
                retries: 0
                cooldown: 0s
                deployments:
                  - {provider: gemini, model: quota-model}
                  - {provider: openai, model: gpt-4o-mini}
              only-quota:
                retries: 0
                cooldown: 0s
                deployments: [{provider: openai, model: quota-model}]
              only-down:
                retries: 0
                cooldown: 0s
                deployments: [{provider: ollama, model: down-model}]
              only-refused:
                retries: 0
                cooldown: 0s
                deployments: [{provider: nowhere, model: llama3.2}]
              only-slow:
                retries: 0
                cooldown: 0s
                deployments: [{provider: openai-short, model: slow-model}]
              only-revoked:
                retries: 0
                cooldown: 0s
                deployments:
                  - {provider: revoked, model: gpt-4o-mini}
                  - {provider: openai, model: gpt-4o-mini}
              only-broken:
                retries: 0
                cooldown: 0s
                deployments: [{provider: openai, model: broken-model}]
              only-blocked:
                retries: 0
                cooldown: 0s
                deployments: [{provider: gemini, model: blocked-model}]
              slow-ok:
                retries: 0
                deployments: [{provider: openai, model: slow-model}]
              two-providers:
                retries: 0
                deployments:
                  - {provider: openai, model: gpt-4o-mini}
                  - {provider: ollama, model: llama3.2}
            """.formatted(GEMINI_KEY, OPENAI_KEY);

    final Simulator simulator;
    final Gateway gateway;
    final SwitchboardConfig config;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    GatewayFixture(Path dataDir) {
        this.simulator = Simulator.start(SimulatorConfig.parse(YAML));
        Map<String, String> env = new HashMap<>();
        env.put("GW_KEY", GATEWAY_KEY);
        env.put("DATA_DIR", dataDir.toString());
        env.put("SIM_PORT", Integer.toString(simulator.port()));
        env.put("DOWN_PORT", Integer.toString(freePort()));
        env.put("GEMINI_KEY", GEMINI_KEY);
        env.put("OPENAI_KEY", OPENAI_KEY);
        env.put("REVOKED_KEY", REVOKED_KEY);
        this.config = ConfigLoader.parse(YAML, "gateway fixture", env);
        this.gateway = Gateway.start(config, 0);
    }

    HttpResponse<String> chat(String profile, String content) {
        return send(HttpRequest.newBuilder(uri("/v1/chat/completions"))
                .header("Authorization", "Bearer " + GATEWAY_KEY)
                .header("Content-Type", "application/json")
                .header("X-Workspace-Id", "ws-test")
                .header("X-Stage", "extract")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + profile
                        + "\",\"messages\":[{\"role\":\"user\",\"content\":" + quote(content) + "}]}")));
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + GATEWAY_KEY).GET());
    }

    URI uri(String path) {
        return URI.create(gateway.baseUrl() + path);
    }

    static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        gateway.close();
        simulator.close();
        http.close();
    }
}
