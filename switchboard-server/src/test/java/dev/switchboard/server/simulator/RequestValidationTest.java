package dev.switchboard.server.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad requests, unknown paths, auth and model lookups in each provider's shape. */
class RequestValidationTest {

    private static final String KEY = "sim-validation-key-2f61";

    private static Simulator simulator;
    private static Simulator strict;
    private static WireClient wire;

    @BeforeAll
    static void startSimulators() {
        simulator = Simulator.start(SimulatorConfig.parse("""
                simulator:
                  port: 0
                  api_keys: ["%s"]
                  models:
                    slow: {latency: 3s}
                """.formatted(KEY)));
        strict = Simulator.start(SimulatorConfig.parse("""
                simulator:
                  port: 0
                  strict_models: true
                  models:
                    known: {}
                """));
        wire = new WireClient(simulator);
    }

    @AfterAll
    static void stopSimulators() {
        simulator.close();
        strict.close();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            /v1/chat/completions | not json | 400 | /error/type | invalid_request_error
            /v1/chat/completions | {"messages":[{"role":"user","content":"x"}]} | 400 | /error/message | you must provide a model parameter
            /v1/chat/completions | {"model":"m"} | 400 | /error/code | missing_required_parameter
            /v1/chat/completions | {"model":"m","messages":[]} | 400 | /error/code | empty_array
            /v1/chat/completions | {"model":"m","stream":true,"messages":[{"role":"user","content":"x"}]} | 400 | /error/param | stream
            /v1beta/models/m:generateContent | [1] | 400 | /error/status | INVALID_ARGUMENT
            /v1beta/models/m:generateContent | {} | 400 | /error/message | `* GenerateContentRequest.contents: contents is not specified\n`
            /v1beta/models/m:generateContent | {"contents":[{"role":"system","parts":[{"text":"x"}]}]} | 400 | /error/message | Please use a valid role: user, model.
            /api/chat | {"model":"m" | 400 | /error | invalid character in request body: not a JSON object
            """)
    void invalidBodyGetsProviderBadRequest(String path, String body, int status, String pointer, String value) {
        HttpResponse<String> response = wire.post(path, body, "authorization", "Bearer " + KEY,
                "x-goog-api-key", KEY);

        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(WireClient.json(response).at(pointer).asText()).isEqualTo(value.replace("\\n", "\n"));
    }

    @Test
    void openAiMissingKeyIsUnauthorized() {
        HttpResponse<String> response = wire.post("/v1/chat/completions",
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");

        assertThat(response.statusCode()).isEqualTo(401);
        JsonNode error = WireClient.json(response).get("error");
        assertThat(error.get("message").asText()).startsWith("You didn't provide an API key.");
        assertThat(error.get("code").isNull()).isTrue();
    }

    @Test
    void modelListsNeedTheKey() {
        assertThat(wire.get("/v1/models").statusCode()).isEqualTo(401);
        assertThat(wire.get("/v1beta/models").statusCode()).isEqualTo(403);
        assertThat(wire.get("/api/tags").statusCode()).isEqualTo(401);
        assertThat(wire.get("/v1/models", "authorization", "Bearer " + KEY).statusCode()).isEqualTo(200);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            /v1/nothing      | /error/message | Invalid URL (GET /v1/nothing)
            /v1beta/nothing  | /error/status  | NOT_FOUND
            """)
    void unknownPathGetsProviderNotFound(String path, String pointer, String value) {
        HttpResponse<String> response = wire.get(path);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(WireClient.json(response).at(pointer).asText()).isEqualTo(value);
    }

    @Test
    void headOnRootAnswersWithoutBody() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/"))
                        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            /v1/models/known                    | /id   | known
            /v1beta/models/known                | /name | models/known
            """)
    void strictModelLookupFindsKnownModel(String path, String pointer, String value) {
        HttpResponse<String> response = new WireClient(strict).get(path);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(WireClient.json(response).at(pointer).asText()).isEqualTo(value);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            /v1/chat/completions                 | {"model":"other","messages":[{"role":"user","content":"x"}]}            | /error/code   | model_not_found
            /v1beta/models/other:generateContent | {"contents":[{"parts":[{"text":"x"}]}]}                                  | /error/status | NOT_FOUND
            /api/chat                            | {"model":"other","stream":false,"messages":[{"role":"user","content":"x"}]} | /error       | model "other" not found, try pulling it first
            """)
    void strictModelsRejectUnknownModel(String path, String body, String pointer, String value) {
        HttpResponse<String> response = new WireClient(strict).post(path, body);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(WireClient.json(response).at(pointer).asText()).isEqualTo(value);
    }

    @Test
    void strictModelInfoRejectsUnknownModel() {
        assertThat(new WireClient(strict).get("/v1/models/other").statusCode()).isEqualTo(404);
        assertThat(new WireClient(strict).get("/v1beta/models/other").statusCode()).isEqualTo(404);
    }

    @Test
    void slowModelDoesNotHoldUpOtherRequests() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest slowRequest = HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/v1/chat/completions"))
                .header("authorization", "Bearer " + KEY)
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"slow\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"))
                .build();
        CompletableFuture<HttpResponse<String>> slow = http.sendAsync(slowRequest,
                HttpResponse.BodyHandlers.ofString());

        // The latency is a timer on the event loop, so responses for other models keep flowing meanwhile.
        for (int i = 0; i < 20; i++) {
            assertThat(wire.post("/v1/chat/completions",
                    "{\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
                    "authorization", "Bearer " + KEY).statusCode()).isEqualTo(200);
        }

        assertThat(slow).isNotDone();
        assertThat(slow.get().statusCode()).isEqualTo(200);
    }
}
