package dev.switchboard.server.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.provider.ProviderKind;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Ollama's native API has no official Java client, so these tests check the documented shapes
 * with the JDK HTTP client.
 */
class OllamaWireTest {

    private static final String KEY = "sim-ollama-key-1b7f";
    private static final String BODY = """
            {"model":"llama-sim","stream":false,"messages":[{"role":"system","content":"Be brief."},\
            {"role":"user","content":"Name a prime"}]}""";

    private static Simulator simulator;
    private static Simulator keyed;
    private static WireClient wire;

    @BeforeAll
    static void startSimulators() {
        simulator = Simulator.start(SimulatorConfig.parse("""
                simulator:
                  port: 0
                  models:
                    llama-sim: {}
                    llama-slow: {latency: 200ms}
                    qwen-sim: {reply: "Seven."}
                """));
        keyed = Simulator.start(SimulatorConfig.parse("""
                simulator:
                  port: 0
                  api_keys: ["%s"]
                """.formatted(KEY)));
        wire = new WireClient(simulator);
    }

    @AfterAll
    static void stopSimulators() {
        simulator.close();
        keyed.close();
    }

    @Test
    void chatWithoutStreamingReturnsOneObjectWithMetrics() {
        HttpResponse<String> response = wire.post("/api/chat", BODY);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        JsonNode root = WireClient.json(response);
        assertThat(root.get("model").asText()).isEqualTo("llama-sim");
        assertThat(Instant.parse(root.get("created_at").asText())).isBeforeOrEqualTo(Instant.now());
        assertThat(root.get("message").get("role").asText()).isEqualTo("assistant");
        assertThat(root.get("message").get("content").asText()).isEqualTo("Simulated reply to: Name a prime");
        assertThat(root.get("done").asBoolean()).isTrue();
        assertThat(root.get("done_reason").asText()).isEqualTo("stop");
        // "Be brief." + "Name a prime" is 21 characters, 6 tokens; the 32-character reply is 8.
        assertThat(root.get("prompt_eval_count").asInt()).isEqualTo(6);
        assertThat(root.get("eval_count").asInt()).isEqualTo(8);
        long total = root.get("total_duration").asLong();
        long parts = root.get("load_duration").asLong() + root.get("prompt_eval_duration").asLong()
                + root.get("eval_duration").asLong();
        assertThat(root.get("load_duration").asLong()).isPositive();
        assertThat(root.get("prompt_eval_duration").asLong()).isPositive();
        assertThat(root.get("eval_duration").asLong()).isPositive();
        assertThat(parts).isLessThanOrEqualTo(total);
    }

    @Test
    void chatStreamsOneNdjsonLineByDefault() {
        HttpResponse<String> response = wire.post("/api/chat", """
                {"model":"qwen-sim","messages":[{"role":"user","content":"Name a prime"}]}""");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/x-ndjson");
        String[] lines = response.body().split("\n");
        assertThat(lines).hasSize(1);
        assertThat(response.body()).endsWith("\n");
        JsonNode last = WireClient.json(response);
        assertThat(last.get("done").asBoolean()).isTrue();
        assertThat(last.get("message").get("content").asText()).isEqualTo("Seven.");
        assertThat(last.get("eval_count").asInt()).isEqualTo(2);
    }

    @Test
    void totalDurationIncludesLatency() {
        HttpResponse<String> response = wire.post("/api/chat", BODY.replace("llama-sim", "llama-slow"));

        assertThat(WireClient.json(response).get("total_duration").asLong()).isGreaterThanOrEqualTo(200_000_000L);
    }

    @Test
    void chatWithoutMessagesOnlyLoadsTheModel() {
        HttpResponse<String> response = wire.post("/api/chat", """
                {"model":"llama-sim","stream":false}""");

        JsonNode root = WireClient.json(response);
        assertThat(root.get("done_reason").asText()).isEqualTo("load");
        assertThat(root.get("message").get("content").asText()).isEmpty();
        assertThat(root.has("eval_count")).isFalse();
    }

    @Test
    void tagsListConfiguredModels() {
        HttpResponse<String> response = wire.get("/api/tags");

        JsonNode models = WireClient.json(response).get("models");
        assertThat(models).hasSize(3);
        JsonNode first = models.get(0);
        assertThat(first.get("name").asText()).isEqualTo("llama-sim");
        assertThat(first.get("model").asText()).isEqualTo("llama-sim");
        assertThat(first.get("digest").asText()).hasSize(64);
        assertThat(first.get("details").get("format").asText()).isEqualTo("gguf");
    }

    @Test
    void rootSaysOllamaIsRunning() {
        HttpResponse<String> response = wire.get("/");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("Ollama is running");
        assertThat(response.headers().firstValue("server")).hasValue("switchboard-simulator");
        assertThat(simulator.recentRequests().getLast().provider()).isEqualTo(ProviderKind.OLLAMA);
    }

    @Test
    void versionAnswersJson() {
        HttpResponse<String> response = wire.get("/api/version");

        assertThat(WireClient.json(response).get("version").asText()).contains("simulator");
    }

    @Test
    void missingModelIsBadRequest() {
        HttpResponse<String> response = wire.post("/api/chat", "{\"messages\":[]}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(WireClient.json(response).get("error").asText()).isEqualTo("model is required");
    }

    @Test
    void emptyBodyIsBadRequest() {
        HttpResponse<String> response = wire.post("/api/chat", "");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(WireClient.json(response).get("error").asText()).isEqualTo("missing request body");
    }

    @Test
    void unknownPathIsPlainTextNotFound() {
        HttpResponse<String> response = wire.get("/api/nothing-here");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo("404 page not found");
    }

    @Test
    void keyedSimulatorRejectsMissingAndWrongBearer() {
        WireClient keyedWire = new WireClient(keyed);

        HttpResponse<String> missing = keyedWire.post("/api/chat", BODY);
        HttpResponse<String> wrong = keyedWire.post("/api/chat", BODY, "authorization", "Bearer sim-wrong");
        HttpResponse<String> right = keyedWire.post("/api/chat", BODY, "authorization", "Bearer " + KEY);

        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(WireClient.json(missing).get("error").asText()).isEqualTo("unauthorized");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(right.statusCode()).isEqualTo(200);
    }

    @Test
    void keyedSimulatorStillAnswersHealthProbeWithoutKey() {
        HttpResponse<String> response = new WireClient(keyed).get("/");

        assertThat(response.statusCode()).isEqualTo(200);
    }
}
