package dev.switchboard.provider;

import static dev.switchboard.provider.ProviderTestSupport.API_KEY;
import static dev.switchboard.provider.ProviderTestSupport.answerOf;
import static dev.switchboard.provider.ProviderTestSupport.assertSafeMessage;
import static dev.switchboard.provider.ProviderTestSupport.failureOf;
import static dev.switchboard.provider.ProviderTestSupport.hello;
import static dev.switchboard.provider.ProviderTestSupport.json;
import static dev.switchboard.provider.ProviderTestSupport.jsonString;
import static dev.switchboard.provider.ProviderTestSupport.request;
import static dev.switchboard.provider.ProviderTestSupport.settings;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.ChatMessage;
import dev.switchboard.FinishReason;
import dev.switchboard.GenerationParams;
import dev.switchboard.Usage;
import dev.switchboard.error.LlmAuthError;
import dev.switchboard.error.LlmBadRequest;
import dev.switchboard.error.LlmContentBlocked;
import dev.switchboard.error.LlmException;
import dev.switchboard.error.LlmProviderError;
import dev.switchboard.error.LlmTimeout;
import dev.switchboard.error.LlmUnavailable;
import dev.switchboard.testing.RecordedRequest;
import dev.switchboard.testing.StubHttpServer;
import dev.switchboard.testing.StubResponse;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GeminiClientTest {

    private static final String MODEL = "gemini-2.5-flash";
    private static final String PATH = "/v1beta/models/gemini-2.5-flash:generateContent";

    private StubHttpServer server;
    private JdkHttpTransport transport;
    private GeminiClient client;

    @BeforeEach
    void start() {
        server = StubHttpServer.start();
        transport = new JdkHttpTransport();
        client = new GeminiClient(settings("gemini-main", ProviderKind.GEMINI, server.uri("/v1beta"), true), transport);
    }

    @AfterEach
    void stop() {
        transport.close();
        server.close();
    }

    @Test
    void requestCarriesRolesSystemInstructionAndGenerationConfig() {
        server.respondWith(StubResponse.json(200, answer("STOP", "{\"text\":\"Rome.\"}")));
        GenerationParams params = new GenerationParams(0.2, 0.95, 512, List.of("\n\n", "END"), 7L, true);

        answerOf(client.chat(request(MODEL, params, ChatMessage.system("Answer in one word."),
                ChatMessage.user("Capital of France?"), ChatMessage.assistant("Paris."),
                ChatMessage.system("Be terse."), ChatMessage.user("And of Italy?"))));

        RecordedRequest sent = server.lastRequest();
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo(PATH);
        assertThat(sent.header("content-type")).isEqualTo("application/json");
        assertThat(json(sent.body())).isEqualTo(json("""
                {
                  "systemInstruction": {"parts": [{"text": "Answer in one word."}, {"text": "Be terse."}]},
                  "contents": [
                    {"role": "user", "parts": [{"text": "Capital of France?"}]},
                    {"role": "model", "parts": [{"text": "Paris."}]},
                    {"role": "user", "parts": [{"text": "And of Italy?"}]}
                  ],
                  "generationConfig": {
                    "temperature": 0.2,
                    "topP": 0.95,
                    "maxOutputTokens": 512,
                    "stopSequences": ["\\n\\n", "END"],
                    "seed": 7,
                    "responseMimeType": "application/json"
                  }
                }
                """));
    }

    @Test
    void defaultRequestOmitsGenerationConfig() {
        server.respondWith(StubResponse.json(200, answer("STOP", "{\"text\":\"Hi.\"}")));

        answerOf(client.chat(hello(MODEL)));

        assertThat(json(server.lastRequest().body())).isEqualTo(json("""
                {"contents": [{"role": "user", "parts": [{"text": "Say hello."}]}]}
                """));
    }

    @Test
    void keySentInHeaderOnly() {
        server.respondWith(StubResponse.json(200, answer("STOP", "{\"text\":\"Hi.\"}")));

        answerOf(client.chat(hello(MODEL)));

        RecordedRequest sent = server.lastRequest();
        assertThat(sent.header("x-goog-api-key")).isEqualTo(API_KEY);
        assertThat(sent.query()).isNull();
        assertThat(sent.target()).doesNotContain(API_KEY);
        assertThat(sent.bodyText()).doesNotContain(API_KEY);
    }

    @Test
    void noKeyHeaderWithoutConfiguredKey() {
        GeminiClient keyless = new GeminiClient(settings("gemini-main", ProviderKind.GEMINI, server.uri("/v1beta"),
                false), transport);
        server.respondWith(StubResponse.json(200, answer("STOP", "{\"text\":\"Hi.\"}")));

        answerOf(keyless.chat(hello(MODEL)));

        assertThat(server.lastRequest().header("x-goog-api-key")).isNull();
    }

    @Test
    void modelsPrefixIsNotRepeatedInPath() {
        server.respondWith(StubResponse.json(200, answer("STOP", "{\"text\":\"Hi.\"}")));

        answerOf(client.chat(hello("models/" + MODEL)));

        assertThat(server.lastRequest().path()).isEqualTo(PATH);
    }

    @Test
    void textConcatenatesPartsAndSkipsThoughts() {
        server.respondWith(StubResponse.json(200, answer("STOP",
                "{\"text\":\"Let me think about capitals.\",\"thought\":true}",
                "{\"text\":\"Ro\"}", "{\"text\":\"me.\",\"thought\":false}")));

        ProviderResponse response = answerOf(client.chat(hello(MODEL)));

        assertThat(response.text()).isEqualTo("Rome.");
        assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
    }

    static Stream<Arguments> successfulFinishes() {
        return Stream.of(
                Arguments.of("STOP with text", "\"finishReason\":\"STOP\",\"content\":{\"parts\":[{\"text\":\"a\"}]}",
                        "a", FinishReason.STOP),
                Arguments.of("STOP with no parts", "\"finishReason\":\"STOP\",\"content\":{\"role\":\"model\"}",
                        "", FinishReason.STOP),
                Arguments.of("MAX_TOKENS with partial text",
                        "\"finishReason\":\"MAX_TOKENS\",\"content\":{\"parts\":[{\"text\":\"The ans\"}]}", "The ans",
                        FinishReason.LENGTH),
                Arguments.of("MAX_TOKENS with content but no parts",
                        "\"finishReason\":\"MAX_TOKENS\",\"content\":{\"role\":\"model\"}", "", FinishReason.LENGTH),
                Arguments.of("MAX_TOKENS with no content at all", "\"finishReason\":\"MAX_TOKENS\"", "",
                        FinishReason.LENGTH),
                Arguments.of("MAX_TOKENS with only thought parts",
                        "\"finishReason\":\"MAX_TOKENS\",\"content\":{\"parts\":[{\"text\":\"hmm\",\"thought\":true}]}",
                        "", FinishReason.LENGTH),
                Arguments.of("OTHER with text is a normal finish",
                        "\"finishReason\":\"OTHER\",\"content\":{\"parts\":[{\"text\":\"a\"}]}", "a",
                        FinishReason.OTHER),
                Arguments.of("an unknown reason with text is a normal finish",
                        "\"finishReason\":\"SOME_NEW_REASON\",\"content\":{\"parts\":[{\"text\":\"a\"}]}", "a",
                        FinishReason.OTHER),
                Arguments.of("no finish reason with text", "\"content\":{\"parts\":[{\"text\":\"a\"}]}", "a",
                        FinishReason.OTHER));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("successfulFinishes")
    void finishReasonMapsToSuccess(String reason, String candidate, String text, FinishReason expected) {
        server.respondWith(StubResponse.json(200, "{\"candidates\":[{" + candidate + "}]}"));

        ProviderResponse response = answerOf(client.chat(hello(MODEL)));

        assertThat(response.text()).isEqualTo(text);
        assertThat(response.finishReason()).isEqualTo(expected);
    }

    static Stream<Arguments> failedFinishes() {
        return Stream.of(
                Arguments.of("SAFETY", "{\"finishReason\":\"SAFETY\"}", LlmContentBlocked.class),
                Arguments.of("SAFETY after some text",
                        "{\"finishReason\":\"SAFETY\",\"content\":{\"parts\":[{\"text\":\"Sure, here\"}]}}",
                        LlmContentBlocked.class),
                Arguments.of("RECITATION", "{\"finishReason\":\"RECITATION\"}", LlmContentBlocked.class),
                Arguments.of("BLOCKLIST", "{\"finishReason\":\"BLOCKLIST\"}", LlmContentBlocked.class),
                Arguments.of("PROHIBITED_CONTENT", "{\"finishReason\":\"PROHIBITED_CONTENT\"}",
                        LlmContentBlocked.class),
                Arguments.of("SPII", "{\"finishReason\":\"SPII\"}", LlmContentBlocked.class),
                Arguments.of("IMAGE_SAFETY", "{\"finishReason\":\"IMAGE_SAFETY\"}", LlmContentBlocked.class),
                Arguments.of("IMAGE_PROHIBITED_CONTENT", "{\"finishReason\":\"IMAGE_PROHIBITED_CONTENT\"}",
                        LlmContentBlocked.class),
                Arguments.of("IMAGE_RECITATION", "{\"finishReason\":\"IMAGE_RECITATION\"}", LlmContentBlocked.class),
                Arguments.of("IMAGE_OTHER", "{\"finishReason\":\"IMAGE_OTHER\"}", LlmContentBlocked.class),
                Arguments.of("OTHER with no text", "{\"finishReason\":\"OTHER\",\"content\":{\"parts\":[]}}",
                        LlmContentBlocked.class),
                Arguments.of("MALFORMED_FUNCTION_CALL", "{\"finishReason\":\"MALFORMED_FUNCTION_CALL\"}",
                        LlmProviderError.class),
                Arguments.of("UNEXPECTED_TOOL_CALL", "{\"finishReason\":\"UNEXPECTED_TOOL_CALL\"}",
                        LlmProviderError.class),
                Arguments.of("TOO_MANY_TOOL_CALLS", "{\"finishReason\":\"TOO_MANY_TOOL_CALLS\"}",
                        LlmProviderError.class),
                Arguments.of("an unknown reason with no text", "{\"finishReason\":\"SOME_NEW_REASON\"}",
                        LlmProviderError.class),
                Arguments.of("no finish reason and no text", "{\"content\":{\"role\":\"model\"}}",
                        LlmProviderError.class));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failedFinishes")
    void finishReasonMapsToFailure(String reason, String candidate, Class<? extends LlmException> expected) {
        server.respondWith(StubResponse.json(200, "{\"candidates\":[" + candidate + "]}"));

        LlmException failure = failureOf(client.chat(hello(MODEL)));

        assertThat(failure).isExactlyInstanceOf(expected);
        assertSafeMessage(failure, "gemini-main", MODEL, server, PATH);
    }

    @Test
    void blockedPromptIsContentBlocked() {
        server.respondWith(StubResponse.json(200, """
                {"promptFeedback": {"blockReason": "PROHIBITED_CONTENT", "safetyRatings": []},
                 "usageMetadata": {"promptTokenCount": 9, "totalTokenCount": 9}}
                """));

        LlmException failure = failureOf(client.chat(hello(MODEL)));

        assertThat(failure).isExactlyInstanceOf(LlmContentBlocked.class);
        assertThat(failure.getMessage()).contains("PROHIBITED_CONTENT");
        assertSafeMessage(failure, "gemini-main", MODEL, server, PATH);
    }

    @Test
    void noCandidatesWithoutBlockReasonIsProviderError() {
        server.respondWith(StubResponse.json(200, "{\"candidates\":[],\"usageMetadata\":{\"promptTokenCount\":3}}"));

        assertThat(failureOf(client.chat(hello(MODEL)))).isExactlyInstanceOf(LlmProviderError.class);
    }

    static Stream<Arguments> usages() {
        return Stream.of(
                Arguments.of("thinking tokens are output",
                        "{\"promptTokenCount\":220,\"candidatesTokenCount\":5,\"thoughtsTokenCount\":185,"
                                + "\"totalTokenCount\":410}", Usage.of(220, 190, 410)),
                Arguments.of("no thoughts on a non-thinking model",
                        "{\"promptTokenCount\":21,\"candidatesTokenCount\":2,\"totalTokenCount\":23}",
                        Usage.of(21, 2, 23)),
                Arguments.of("a missing candidates count is zero while usageMetadata is present",
                        "{\"promptTokenCount\":9,\"totalTokenCount\":9}", Usage.of(9, 0, 9)),
                Arguments.of("an empty usageMetadata is all zero", "{}", Usage.of(0, 0, 0)),
                Arguments.of("a missing total is the sum", "{\"promptTokenCount\":4,\"candidatesTokenCount\":3}",
                        Usage.of(4, 3, 7)),
                Arguments.of("missing usageMetadata is unknown", null, Usage.UNKNOWN));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("usages")
    void usageReadsUsageMetadata(String reason, String usageMetadata, Usage expected) {
        server.respondWith(StubResponse.json(200, "{\"candidates\":[{\"finishReason\":\"STOP\",\"content\":{\"parts\":"
                + "[{\"text\":\"a\"}]}}]" + (usageMetadata == null ? "" : ",\"usageMetadata\":" + usageMetadata)
                + "}"));

        ProviderResponse response = answerOf(client.chat(hello(MODEL)));

        assertThat(response.usage()).isEqualTo(expected);
    }

    @Test
    void maxTokensUsageCountsThinking() {
        server.respondWith(StubResponse.json(200, """
                {"candidates": [{"content": {"role": "model"}, "finishReason": "MAX_TOKENS"}],
                 "usageMetadata": {"promptTokenCount": 12, "thoughtsTokenCount": 64, "totalTokenCount": 76}}
                """));

        ProviderResponse response = answerOf(client.chat(hello(MODEL)));

        assertThat(response.text()).isEmpty();
        assertThat(response.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(response.usage().outputTokens()).isEqualTo(OptionalInt.of(64));
    }

    static Stream<ErrorCase> errors() {
        return Stream.of(
                ErrorCase.of("400 with ErrorInfo API_KEY_INVALID is auth", 400, googleError(400, "INVALID_ARGUMENT",
                        "API key not valid. Please pass a valid API key.",
                        errorInfo("API_KEY_INVALID")), LlmAuthError.class),
                ErrorCase.of("400 with the invalid-key text and no details is auth", 400, googleError(400,
                        "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key."), LlmAuthError.class),
                ErrorCase.of("400 INVALID_ARGUMENT is a bad request", 400, googleError(400, "INVALID_ARGUMENT",
                        "The input token count exceeds the maximum number of tokens allowed"), LlmBadRequest.class),
                ErrorCase.of("400 FAILED_PRECONDITION is auth", 400, googleError(400, "FAILED_PRECONDITION",
                        "User location is not supported for the API use."), LlmAuthError.class),
                ErrorCase.of("401 is auth", 401, googleError(401, "UNAUTHENTICATED",
                        "Request had invalid credentials."),
                        LlmAuthError.class),
                ErrorCase.rateLimited("402 is an exhausted quota", StubResponse.json(402, googleError(402,
                        "RESOURCE_EXHAUSTED", "Your prepaid credits are used up.")), null, true),
                ErrorCase.of("403 for a missing key is auth", 403, googleError(403, "PERMISSION_DENIED",
                        "Method doesn't allow unregistered callers (callers without established identity)."),
                        LlmAuthError.class),
                ErrorCase.of("403 SERVICE_DISABLED is auth", 403, googleError(403, "PERMISSION_DENIED",
                        "Generative Language API has not been used in project 1 before or it is disabled.",
                        errorInfo("SERVICE_DISABLED")), LlmAuthError.class),
                ErrorCase.of("404 unknown model is a bad request", 404, googleError(404, "NOT_FOUND",
                        "models/gemini-9 is not found for API version v1beta"), LlmBadRequest.class),
                ErrorCase.rateLimited("429 per-minute quota takes RetryInfo", StubResponse.json(429,
                        googleError(429, "RESOURCE_EXHAUSTED", "You exceeded your current quota.",
                                quotaFailure("GenerateRequestsPerMinutePerProjectPerModel-FreeTier"),
                                retryInfo("22s"))), Duration.ofSeconds(22), false),
                ErrorCase.rateLimited("429 per-day quota is exhausted", StubResponse.json(429,
                        googleError(429, "RESOURCE_EXHAUSTED", "You exceeded your current quota.",
                                quotaFailure("GenerateRequestsPerDayPerProjectPerModel-FreeTier"),
                                "{\"@type\":\"type.googleapis.com/google.rpc.Help\",\"links\":[]}",
                                retryInfo("59s"))), Duration.ofSeconds(59), true),
                ErrorCase.rateLimited("429 with fractional retryDelay 1.250s", StubResponse.json(429,
                        googleError(429, "RESOURCE_EXHAUSTED", "slow down", retryInfo("1.250s"))),
                        Duration.ofMillis(1250), false),
                ErrorCase.rateLimited("429 with fractional retryDelay 0.5s", StubResponse.json(429,
                        googleError(429, "RESOURCE_EXHAUSTED", "slow down", retryInfo("0.5s"))),
                        Duration.ofMillis(500), false),
                ErrorCase.rateLimited("429 with nanosecond retryDelay", StubResponse.json(429,
                        googleError(429, "RESOURCE_EXHAUSTED", "slow down", retryInfo("3.000000001s"))),
                        Duration.ofSeconds(3, 1), false),
                ErrorCase.rateLimited("429 without RetryInfo has no delay", StubResponse.json(429,
                        googleError(429, "RESOURCE_EXHAUSTED", "Resource has been exhausted (e.g. check quota).")),
                        null, false),
                ErrorCase.rateLimited("429 with a malformed retryDelay has no delay", StubResponse.json(429,
                        googleError(429, "RESOURCE_EXHAUSTED", "slow down", retryInfo("22"))), null, false),
                ErrorCase.rateLimited("429 wrapped in an array", StubResponse.json(429, "["
                        + googleError(429, "RESOURCE_EXHAUSTED", "slow down", retryInfo("7s")) + "]"),
                        Duration.ofSeconds(7), false),
                ErrorCase.of("500 INTERNAL is unavailable", 500, googleError(500, "INTERNAL",
                        "An internal error has occurred."), LlmUnavailable.class),
                ErrorCase.of("502 is unavailable", 502, googleError(502, "UNAVAILABLE", "Bad gateway"),
                        LlmUnavailable.class),
                ErrorCase.of("503 overloaded is unavailable", 503, googleError(503, "UNAVAILABLE",
                        "The model is overloaded. Please try again later."), LlmUnavailable.class),
                ErrorCase.of("504 DEADLINE_EXCEEDED is a timeout", 504, googleError(504, "DEADLINE_EXCEEDED",
                        "Deadline expired before operation could complete."), LlmTimeout.class),
                ErrorCase.of("an unknown status is a provider error", 418, googleError(418, "TEAPOT",
                        "short and stout"),
                        LlmProviderError.class),
                new ErrorCase("an HTML 400 page is classified by status", StubResponse.text(400, "text/html",
                        "<html><body>Bad Request</body></html>"), LlmBadRequest.class, null, false),
                new ErrorCase("a JSON body without an error object is classified by status",
                        StubResponse.json(503, "{\"message\":\"busy\"}"), LlmUnavailable.class, null, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void errorResponseMapsToErrorClass(ErrorCase row) {
        server.respondWith(row.response());

        LlmException failure = failureOf(client.chat(hello(MODEL)));

        row.assertMatches(failure);
        assertSafeMessage(failure, "gemini-main", MODEL, server, PATH);
    }

    @Test
    void errorMessageQuotesProviderMessageAndStatus() {
        server.respondWith(StubResponse.json(503, googleError(503, "UNAVAILABLE",
                "The model is overloaded. Please try again later.")));

        LlmException failure = failureOf(client.chat(hello(MODEL)));

        assertThat(failure.getMessage()).isEqualTo("gemini-main model 'gemini-2.5-flash' at 127.0.0.1:"
                + server.port() + ": HTTP 503 UNAVAILABLE, server unavailable: "
                + "\"The model is overloaded. Please try again later.\"");
    }

    @Test
    void longProviderMessageIsCut() {
        String longMessage = "x".repeat(5000);
        server.respondWith(StubResponse.json(400, googleError(400, "INVALID_ARGUMENT", longMessage)));

        LlmException failure = failureOf(client.chat(hello(MODEL)));

        assertThat(failure.getMessage()).contains("\"" + "x".repeat(300) + "…\"");
        assertThat(failure.getMessage()).doesNotContain("x".repeat(301));
    }

    @Test
    void keyEchoedByProviderIsRedactedFromMessage() {
        server.respondWith(StubResponse.json(400, googleError(400, "INVALID_ARGUMENT",
                "API key " + API_KEY + " not valid.", errorInfo("API_KEY_INVALID"))));

        LlmException failure = failureOf(client.chat(hello(MODEL)));

        assertThat(failure).isExactlyInstanceOf(LlmAuthError.class);
        assertThat(failure.getMessage()).contains("[REDACTED]");
        assertSafeMessage(failure, "gemini-main", MODEL, server, PATH);
    }

    private static String answer(String finishReason, String... parts) {
        return "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[" + String.join(",", parts)
                + "]},\"finishReason\":\"" + finishReason + "\",\"index\":0}],"
                + "\"usageMetadata\":{\"promptTokenCount\":5,\"candidatesTokenCount\":2,\"totalTokenCount\":7}}";
    }

    private static String googleError(int code, String status, String message, String... details) {
        return "{\"error\":{\"code\":" + code + ",\"message\":" + jsonString(message) + ",\"status\":\"" + status
                + "\",\"details\":[" + String.join(",", details) + "]}}";
    }

    private static String errorInfo(String reason) {
        return "{\"@type\":\"type.googleapis.com/google.rpc.ErrorInfo\",\"reason\":\"" + reason
                + "\",\"domain\":\"googleapis.com\",\"metadata\":{\"service\":\"generativelanguage.googleapis.com\"}}";
    }

    private static String quotaFailure(String quotaId) {
        return "{\"@type\":\"type.googleapis.com/google.rpc.QuotaFailure\",\"violations\":[{\"quotaMetric\":"
                + "\"generativelanguage.googleapis.com/generate_content_free_tier_requests\",\"quotaId\":\"" + quotaId
                + "\",\"quotaDimensions\":{\"model\":\"gemini-2.5-flash\"},\"quotaValue\":\"250\"}]}";
    }

    private static String retryInfo(String delay) {
        return "{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"" + delay + "\"}";
    }
}
