package dev.switchboard.server.gateway;

import static dev.switchboard.server.gateway.GatewayFixture.GATEWAY_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.RateLimitException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GatewayTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dataDir;

    private static GatewayFixture fixture;

    @BeforeAll
    static void start() {
        fixture = new GatewayFixture(dataDir);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    private static OpenAIClient officialClient(String key) {
        return OpenAIOkHttpClient.builder().baseUrl(fixture.gateway.baseUrl() + "/v1").apiKey(key).maxRetries(0)
                .build();
    }

    @Test
    void officialOpenAiClientGetsACompletionThroughAFallback() {
        OpenAIClient client = officialClient(GATEWAY_KEY);
        try {
            ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
                    .model("summarize")
                    .addSystemMessage("Be brief.")
                    .addUserMessage("Name a prime number")
                    .build());

            completion.validate();
            assertThat(completion.id()).startsWith("chatcmpl-");
            assertThat(completion.model()).isEqualTo("gpt-4o-mini");
            assertThat(completion.choices().getFirst().message().content())
                    .hasValue("Simulated reply to: Name a prime number");
            assertThat(completion.usage().orElseThrow().totalTokens()).isPositive();
            String runId = String.valueOf(completion._additionalProperties().get("llm_run_id").asString().orElseThrow());
            assertThat(UUID.fromString(runId).version()).isEqualTo(7);
        } finally {
            client.close();
        }
    }

    @Test
    void officialClientSeesRateLimitAndBadKeyAsItsOwnExceptions() {
        OpenAIClient client = officialClient(GATEWAY_KEY);
        OpenAIClient wrongKey = officialClient("not-the-gateway-key-000000");
        try {
            RateLimitException limited = catchThrowableOfType(RateLimitException.class, () -> client.chat().completions()
                    .create(ChatCompletionCreateParams.builder().model("only-quota").addUserMessage("hi").build()));
            UnauthorizedException unauthorized = catchThrowableOfType(UnauthorizedException.class, () -> wrongKey.chat()
                    .completions().create(ChatCompletionCreateParams.builder().model("summarize").addUserMessage("hi")
                            .build()));

            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(limited.headers().values("Retry-After")).containsExactly("20");
            assertThat(unauthorized.statusCode()).isEqualTo(401);
        } finally {
            client.close();
            wrongKey.close();
        }
    }

    @Test
    void requestWithoutTheKeyGets401AndReachesNoProvider() throws Exception {
        long before = fixture.simulator.requestCount();

        HttpResponse<String> response = fixture.send(HttpRequest.newBuilder(fixture.uri("/v1/chat/completions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"summarize\",\"messages\":[{\"role\":\"user\","
                        + "\"content\":\"hi\"}]}")));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(response.body()).path("error").path("code").asText()).isEqualTo("invalid_api_key");
        assertThat(fixture.simulator.requestCount()).isEqualTo(before);
    }

    @ParameterizedTest(name = "{0} answers {1} with code {2}")
    @CsvSource({
        "only-quota,   429, rate_limited,    rate_limit_error",
        "only-down,    503, unavailable,     service_unavailable",
        "only-refused, 503, unavailable,     service_unavailable",
        "only-slow,    504, timeout,         timeout",
        "only-revoked, 401, auth,            authentication_error",
        "only-broken,  502, provider_error,  api_error",
        "only-blocked, 400, content_blocked, content_policy_violation",
        "no-such-profile, 400, bad_request,  invalid_request_error"
    })
    void failuresAnswerInTheOpenAiErrorFormat(String profile, int status, String code, String type) throws Exception {
        HttpResponse<String> response = fixture.chat(profile, "hello");

        assertThat(response.statusCode()).isEqualTo(status);
        JsonNode error = JSON.readTree(response.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo(code);
        assertThat(error.path("type").asText()).isEqualTo(type);
        assertThat(error.path("message").asText()).isNotBlank();
        String runId = error.path("llm_run_id").asText();
        assertThat(UUID.fromString(runId).version()).isEqualTo(7);
        assertThat(response.headers().firstValue("X-Llm-Run-Id")).hasValue(runId);
    }

    @Test
    void revokedKeyDoesNotFallBack() throws Exception {
        long before = fixture.simulator.requestCount();

        HttpResponse<String> response = fixture.chat("only-revoked", "hello");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(fixture.simulator.requestCount() - before).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            not JSON            | {nope                                                   | not valid JSON
            no model            | {"messages":[{"role":"user","content":"hi"}]}           | 'model' is missing
            no messages         | {"model":"summarize","messages":[]}                     | 'messages' must be a non-empty array
            unknown role        | {"model":"summarize","messages":[{"role":"robot","content":"hi"}]} | unsupported role 'robot'
            streaming           | {"model":"summarize","stream":true,"messages":[{"role":"user","content":"hi"}]} | streaming is not supported
            bad temperature     | {"model":"summarize","temperature":-1,"messages":[{"role":"user","content":"hi"}]} | temperature must be 0 or more
            model not a string  | {"model":5,"messages":[{"role":"user","content":"hi"}]} | 'model' must be a string
            stream not boolean  | {"model":"summarize","stream":"yes","messages":[{"role":"user","content":"hi"}]} | 'stream' must be true or false
            several choices     | {"model":"summarize","n":3,"messages":[{"role":"user","content":"hi"}]} | only one choice per request
            tools               | {"model":"summarize","tools":[{"type":"function"}],"messages":[{"role":"user","content":"hi"}]} | tool calls are not supported
            """)
    void badRequestBodiesAreRejectedWithTheFix(String name, String body, String message) throws Exception {
        HttpResponse<String> response = fixture.send(HttpRequest.newBuilder(fixture.uri("/v1/chat/completions"))
                .header("Authorization", "Bearer " + GATEWAY_KEY)
                .POST(HttpRequest.BodyPublishers.ofString(body)));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).path("error").path("message").asText()).contains(message);
    }

    @Test
    void tooManyMessagesAreRejectedBeforeRouting() throws Exception {
        StringBuilder body = new StringBuilder("{\"model\":\"two-providers\",\"messages\":[");
        for (int i = 0; i <= ChatCompletionParser.MAX_MESSAGES; i++) {
            body.append(i == 0 ? "" : ",").append("{\"role\":\"user\",\"content\":\"m\"}");
        }
        long before = fixture.simulator.requestCount();

        HttpResponse<String> response = fixture.send(HttpRequest.newBuilder(fixture.uri("/v1/chat/completions"))
                .header("Authorization", "Bearer " + GATEWAY_KEY)
                .POST(HttpRequest.BodyPublishers.ofString(body.append("]}").toString())));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).path("error").path("message").asText()).contains("the limit is 4096");
        assertThat(fixture.simulator.requestCount()).isEqualTo(before);
    }

    @Test
    void oversizedBodyIsRejectedWith413() {
        String big = "x".repeat(fixture.config.server().maxBodyBytes() + 10);

        HttpResponse<String> response = fixture.chat("summarize", big);

        assertThat(response.statusCode()).isEqualTo(413);
    }

    @Test
    void healthNeedsNoKey() {
        HttpResponse<String> response = fixture.send(HttpRequest.newBuilder(fixture.uri("/health")).GET());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"status\":\"ok\"}");
    }

    @Test
    void modelsListsTheProfiles() throws Exception {
        JsonNode models = JSON.readTree(fixture.get("/v1/models").body());

        assertThat(models.path("object").asText()).isEqualTo("list");
        assertThat(models.path("data").findValuesAsText("id")).contains("summarize", "only-quota", "two-providers");
    }

    @Test
    void metricsUseThePublishedNames() {
        fixture.chat("summarize", "count me");

        String metrics = fixture.get("/metrics").body();

        assertThat(metrics).contains(
                "llm_requests_total{model=\"quota-model\",profile=\"summarize\",provider=\"gemini\",status=\"error\"}",
                "llm_requests_total{model=\"gpt-4o-mini\",profile=\"summarize\",provider=\"openai\",status=\"ok\"}",
                "llm_errors_total{code=\"rate_limited\",provider=\"gemini\"}",
                "llm_latency_ms_bucket{model=\"gpt-4o-mini\",provider=\"openai\",le=",
                "llm_latency_ms_count{model=\"gpt-4o-mini\",provider=\"openai\"}",
                "llm_latency_ms_sum{model=\"gpt-4o-mini\",provider=\"openai\"}",
                "llm_tokens_total{kind=\"in\",model=\"gpt-4o-mini\",provider=\"openai\"}",
                "llm_tokens_total{kind=\"out\",model=\"gpt-4o-mini\",provider=\"openai\"}",
                "llm_gateway_overhead_ms_count");
    }

    @Test
    void metricsNeedTheKey() {
        HttpResponse<String> response = fixture.send(HttpRequest.newBuilder(fixture.uri("/metrics")).GET());

        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void adminPreferenceMovesTrafficAndCanBeUndone() throws Exception {
        HttpResponse<String> prefer = fixture.send(HttpRequest.newBuilder(fixture.uri("/admin/router"))
                .header("Authorization", "Bearer " + GATEWAY_KEY)
                .PUT(HttpRequest.BodyPublishers.ofString("{\"preferred_provider\":\"ollama\"}")));
        JsonNode preferred = JSON.readTree(fixture.chat("two-providers", "hi").body());
        fixture.send(HttpRequest.newBuilder(fixture.uri("/admin/router"))
                .header("Authorization", "Bearer " + GATEWAY_KEY)
                .PUT(HttpRequest.BodyPublishers.ofString("{\"preferred_provider\":null}")));
        JsonNode restored = JSON.readTree(fixture.chat("two-providers", "hi").body());

        assertThat(prefer.statusCode()).isEqualTo(200);
        assertThat(preferred.path("provider").asText()).isEqualTo("ollama");
        assertThat(restored.path("provider").asText()).isEqualTo("openai");
    }

    @Test
    void adminRejectsAnUnknownProviderWithTheChoices() throws Exception {
        HttpResponse<String> response = fixture.send(HttpRequest.newBuilder(fixture.uri("/admin/router"))
                .header("Authorization", "Bearer " + GATEWAY_KEY)
                .PUT(HttpRequest.BodyPublishers.ofString("{\"preferred_provider\":\"nope\"}")));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).path("error").path("message").asText())
                .contains("'nope' is not a configured provider");
    }

    @Test
    void adminProviderUpdateShowsInTheState() throws Exception {
        HttpResponse<String> response = fixture.send(HttpRequest.newBuilder(fixture.uri("/admin/providers/ollama"))
                .header("Authorization", "Bearer " + GATEWAY_KEY)
                .PUT(HttpRequest.BodyPublishers.ofString("{\"max_concurrency\":7,\"timeout\":\"90s\"}")));

        JsonNode ollama = null;
        for (JsonNode provider : JSON.readTree(response.body()).path("providers")) {
            if (provider.path("name").asText().equals("ollama")) {
                ollama = provider;
            }
        }
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(ollama).isNotNull();
        assertThat(ollama.path("max_concurrency").asInt()).isEqualTo(7);
        assertThat(ollama.path("timeout").asText()).isEqualTo("90s");
    }

    @Test
    void adminRejectsAMisspelledField() throws Exception {
        HttpResponse<String> response = fixture.send(HttpRequest.newBuilder(fixture.uri("/admin/router"))
                .header("Authorization", "Bearer " + GATEWAY_KEY)
                .PUT(HttpRequest.BodyPublishers.ofString("{\"preferd_provider\":\"ollama\"}")));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).path("error").path("message").asText())
                .contains("unknown field 'preferd_provider'");
    }

    @Test
    void utf8WorkspaceHeaderIsKept() throws Exception {
        byte[] body = "{\"model\":\"two-providers\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String response;
        // The JDK client replaces non-ASCII header bytes, so the request is written by hand.
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", fixture.gateway.port())) {
            java.io.ByteArrayOutputStream request = new java.io.ByteArrayOutputStream();
            request.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                    + GATEWAY_KEY + "\r\nX-Workspace-Id: wś-日本\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            request.write(body);
            socket.getOutputStream().write(request.toByteArray());
            response = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        String runId = JSON.readTree(response.substring(response.indexOf("\r\n\r\n") + 4)).path("llm_run_id").asText();

        assertThat(response).startsWith("HTTP/1.1 200");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(dev.switchboard.store.RunQueries.findRun(fixture.gateway.store().dataSource(), runId))
                        .hasValueSatisfying(run -> assertThat(run.workspaceId()).isEqualTo("wś-日本")));
    }

    @Test
    void unknownRouteIs404() {
        assertThat(fixture.get("/v2/nothing").statusCode()).isEqualTo(404);
    }
}
