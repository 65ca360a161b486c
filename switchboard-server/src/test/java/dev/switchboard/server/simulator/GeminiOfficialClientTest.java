package dev.switchboard.server.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.genai.Client;
import com.google.genai.errors.ClientException;
import com.google.genai.errors.ServerException;
import com.google.genai.types.BlockedReason;
import com.google.genai.types.FinishReason;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.GenerateContentResponseUsageMetadata;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.HttpRetryOptions;
import com.google.genai.types.ListModelsConfig;
import com.google.genai.types.Model;
import dev.switchboard.provider.ProviderKind;
import dev.switchboard.server.simulator.RecordedRequest.Credential;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The official Google Gen AI Java SDK against the simulator's Gemini endpoints. */
class GeminiOfficialClientTest {

    private static final String KEY = "sim-gemini-key-93c0";
    private static final String PROMPT = "Name the capital of Italy";
    private static final String CONFIG = """
            simulator:
              port: 0
              api_keys: ["%s"]
              models:
                gemini-sim: {}
                gemini-quota: {fault: rate_limited, retry_delay: 20s, quota: per_minute}
                gemini-daily: {fault: rate_limited, retry_delay: 1500ms, quota: per_day}
                gemini-503: {fault: unavailable}
                gemini-500: {fault: server_error}
                gemini-blocked: {fault: content_blocked}
                gemini-badkey: {fault: invalid_key}
            """.formatted(KEY);

    private static Simulator simulator;
    private static Client client;

    @BeforeAll
    static void startSimulator() {
        simulator = Simulator.start(SimulatorConfig.parse(CONFIG));
        client = clientWithKey(KEY);
    }

    @AfterAll
    static void stopSimulator() {
        client.close();
        simulator.close();
    }

    @Test
    void generateContentCarriesTextAndUsage() {
        GenerateContentResponse response = client.models.generateContent("gemini-sim", PROMPT, null);

        assertThat(response.text()).isEqualTo("Simulated reply to: " + PROMPT);
        assertThat(response.finishReason().knownEnum()).isEqualTo(FinishReason.Known.STOP);
        assertThat(response.modelVersion()).hasValue("gemini-sim");
        assertThat(response.responseId()).hasValueSatisfying(id -> assertThat(id).hasSize(22));
        GenerateContentResponseUsageMetadata usage = response.usageMetadata().orElseThrow();
        // 25 prompt characters are 7 tokens; the 45-character reply is 12.
        assertThat(usage.promptTokenCount()).hasValue(7);
        assertThat(usage.candidatesTokenCount()).hasValue(12);
        assertThat(usage.totalTokenCount()).hasValue(19);
    }

    @Test
    void systemInstructionCountsTowardsPromptTokens() {
        GenerateContentConfig config = GenerateContentConfig.builder()
                .systemInstruction(com.google.genai.types.Content.fromParts(
                        com.google.genai.types.Part.fromText("Answer in one word.")))
                .build();

        GenerateContentResponse response = client.models.generateContent("gemini-sim", PROMPT, config);

        // 19 + 25 characters are 11 tokens.
        assertThat(response.usageMetadata().orElseThrow().promptTokenCount()).hasValue(11);
    }

    @Test
    void sdkUsesGenerateContentPath() {
        client.models.generateContent("gemini-sim", PROMPT, null);

        RecordedRequest request = lastRequestFor("gemini-sim");
        assertThat(request.provider()).isEqualTo(ProviderKind.GEMINI);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/v1beta/models/gemini-sim:generateContent");
        assertThat(request.credential()).isEqualTo(Credential.GOOG_API_KEY_HEADER);
        assertThat(request.userAgent()).contains("google-genai-sdk");
        assertThat(request.status()).isEqualTo(200);
    }

    @Test
    void wrongKeyBecomesClientException400() {
        try (Client wrong = clientWithKey("sim-wrong-gemini-key")) {
            ClientException e = catchThrowableOfType(ClientException.class,
                    () -> wrong.models.generateContent("gemini-sim", PROMPT, null));

            assertThat(e.code()).isEqualTo(400);
            assertThat(e.message()).startsWith("API key not valid. Please pass a valid API key.");
            assertThat(e.message()).contains("\"reason\":\"API_KEY_INVALID\"");
            assertThat(e.getMessage()).doesNotContain("sim-wrong-gemini-key");
        }
    }

    @Test
    void invalidKeyFaultRejectsTheRightKey() {
        ClientException e = catchThrowableOfType(ClientException.class,
                () -> client.models.generateContent("gemini-badkey", PROMPT, null));

        assertThat(e.code()).isEqualTo(400);
    }

    @Test
    void rateLimitBecomesClientException429() {
        ClientException e = catchThrowableOfType(ClientException.class,
                () -> client.models.generateContent("gemini-quota", PROMPT, null));

        assertThat(e.code()).isEqualTo(429);
        assertThat(e.message()).contains("Please retry in 20s.");
        // google-genai 1.80 appends the error details to the message, RetryInfo included.
        assertThat(e.message()).contains("\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\"",
                "\"retryDelay\":\"20s\"");
    }

    @Test
    void rateLimitBodyCarriesRetryInfo() {
        HttpResponse<String> response = new WireClient(simulator).post(
                "/v1beta/models/gemini-quota:generateContent", geminiBody(), "x-goog-api-key", KEY);

        assertThat(response.statusCode()).isEqualTo(429);
        JsonNode error = WireClient.json(response).get("error");
        assertThat(error.get("code").asInt()).isEqualTo(429);
        assertThat(error.get("status").asText()).isEqualTo("RESOURCE_EXHAUSTED");
        assertThat(detail(error, "RetryInfo").get("retryDelay").asText()).isEqualTo("20s");
        JsonNode violation = detail(error, "QuotaFailure").get("violations").get(0);
        assertThat(violation.get("quotaId").asText()).contains("PerMinute");
        assertThat(violation.get("quotaDimensions").get("model").asText()).isEqualTo("gemini-quota");
    }

    @Test
    void dailyQuotaReportsPerDayAndFractionalDelay() {
        HttpResponse<String> response = new WireClient(simulator).post(
                "/v1beta/models/gemini-daily:generateContent", geminiBody(), "x-goog-api-key", KEY);

        JsonNode error = WireClient.json(response).get("error");
        assertThat(detail(error, "RetryInfo").get("retryDelay").asText()).isEqualTo("1.500s");
        assertThat(detail(error, "QuotaFailure").get("violations").get(0).get("quotaId").asText())
                .contains("PerDay");
    }

    @Test
    void unavailableBecomesServerException503() {
        ServerException e = catchThrowableOfType(ServerException.class,
                () -> client.models.generateContent("gemini-503", PROMPT, null));

        assertThat(e.code()).isEqualTo(503);
        assertThat(e.message()).isEqualTo("The model is overloaded. Please try again later.");
        assertThat(simulator.recentRequests().stream().filter(r -> r.model().equals("gemini-503")).count())
                .isEqualTo(1);
    }

    @Test
    void serverErrorBecomesServerException500() {
        ServerException e = catchThrowableOfType(ServerException.class,
                () -> client.models.generateContent("gemini-500", PROMPT, null));

        assertThat(e.code()).isEqualTo(500);
    }

    @Test
    void blockedPromptHasBlockReasonAndNoCandidates() {
        GenerateContentResponse response = client.models.generateContent("gemini-blocked", PROMPT, null);

        assertThat(response.candidates()).isEmpty();
        assertThat(response.text()).isNull();
        assertThat(response.promptFeedback().orElseThrow().blockReason().orElseThrow().knownEnum())
                .isEqualTo(BlockedReason.Known.SAFETY);
        GenerateContentResponseUsageMetadata usage = response.usageMetadata().orElseThrow();
        assertThat(usage.promptTokenCount()).hasValue(7);
        assertThat(usage.candidatesTokenCount()).isEmpty();
    }

    @Test
    void modelListNamesConfiguredModelsWithPrefix() {
        List<String> names = new ArrayList<>();
        for (Model model : client.models.list(ListModelsConfig.builder().build())) {
            names.add(model.name().orElseThrow());
        }

        assertThat(names).contains("models/gemini-sim", "models/gemini-quota");
        assertThat(lastRequest().path()).isEqualTo("/v1beta/models");
        assertThat(lastRequest().credential()).isEqualTo(Credential.GOOG_API_KEY_HEADER);
    }

    @Test
    void missingKeyIsPermissionDenied403() {
        HttpResponse<String> response = new WireClient(simulator).post(
                "/v1beta/models/gemini-sim:generateContent", geminiBody());

        assertThat(response.statusCode()).isEqualTo(403);
        JsonNode error = WireClient.json(response).get("error");
        assertThat(error.get("status").asText()).isEqualTo("PERMISSION_DENIED");
        assertThat(error.has("details")).isFalse();
    }

    @Test
    void wrongKeyBodyCarriesApiKeyInvalidReason() {
        HttpResponse<String> response = new WireClient(simulator).post(
                "/v1beta/models/gemini-sim:generateContent", geminiBody(), "x-goog-api-key", "sim-wrong");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = WireClient.json(response).get("error");
        assertThat(error.get("status").asText()).isEqualTo("INVALID_ARGUMENT");
        assertThat(detail(error, "ErrorInfo").get("reason").asText()).isEqualTo("API_KEY_INVALID");
        assertThat(response.body()).doesNotContain("sim-wrong");
    }

    @Test
    void queryKeyAcceptedButNotRecorded() {
        HttpResponse<String> response = new WireClient(simulator).post(
                "/v1beta/models/gemini-sim:generateContent?key=" + KEY, geminiBody());

        assertThat(response.statusCode()).isEqualTo(200);
        RecordedRequest request = lastRequestFor("gemini-sim");
        assertThat(request.credential()).isEqualTo(Credential.KEY_QUERY_PARAMETER);
        assertThat(request.path()).isEqualTo("/v1beta/models/gemini-sim:generateContent");
    }

    @Test
    void streamingIsRejectedWithInvalidArgument() {
        HttpResponse<String> response = new WireClient(simulator).post(
                "/v1beta/models/gemini-sim:streamGenerateContent?alt=sse", geminiBody(), "x-goog-api-key", KEY);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(WireClient.json(response).get("error").get("message").asText())
                .startsWith("Streaming is not simulated yet");
    }

    private static Client clientWithKey(String key) {
        return Client.builder()
                .apiKey(key)
                // The SDK retries 429 and 5xx by default; one attempt keeps each test to one request.
                .httpOptions(HttpOptions.builder()
                        .baseUrl(simulator.baseUrl())
                        .retryOptions(HttpRetryOptions.builder().attempts(1).build())
                        .build())
                .build();
    }

    private static String geminiBody() {
        return """
                {"contents":[{"role":"user","parts":[{"text":"%s"}]}]}""".formatted(PROMPT);
    }

    private static JsonNode detail(JsonNode error, String type) {
        for (JsonNode detail : error.get("details")) {
            if (detail.get("@type").asText().equals("type.googleapis.com/google.rpc." + type)) {
                return detail;
            }
        }
        throw new AssertionError("no " + type + " detail in " + error);
    }

    private static RecordedRequest lastRequest() {
        return simulator.recentRequests().getLast();
    }

    private static RecordedRequest lastRequestFor(String model) {
        return simulator.recentRequests().reversed().stream()
                .filter(request -> request.model().equals(model))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no recorded request for " + model));
    }
}
