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
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OpenAiClientTest {

    private static final String MODEL = "gpt-4.1-mini";
    private static final String PATH = "/v1/chat/completions";
    /** A Thursday, so that the HTTP-date below is consistent. */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    private StubHttpServer server;
    private JdkHttpTransport transport;
    private OpenAiClient client;

    @BeforeEach
    void start() {
        server = StubHttpServer.start();
        transport = new JdkHttpTransport();
        client = new OpenAiClient(settings("vllm", ProviderKind.OPENAI, server.uri("/v1"), true), transport, CLOCK);
    }

    @AfterEach
    void stop() {
        transport.close();
        server.close();
    }

    @Test
    void requestCarriesMessagesParamsAndMaxTokens() {
        server.respondWith(StubResponse.json(200, answer("stop", "\"{\\\"n\\\":7}\"")));
        GenerationParams params = new GenerationParams(0.2, 0.9, 256, List.of("\n\n"), 7L, true);

        answerOf(client.chat(request(MODEL, params, ChatMessage.system("Be brief."), ChatMessage.user("Name a prime."),
                ChatMessage.assistant("7"), ChatMessage.user("Another, as JSON."))));

        RecordedRequest sent = server.lastRequest();
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo(PATH);
        assertThat(sent.header("content-type")).isEqualTo("application/json");
        assertThat(json(sent.body())).isEqualTo(json("""
                {
                  "model": "gpt-4.1-mini",
                  "messages": [
                    {"role": "system", "content": "Be brief."},
                    {"role": "user", "content": "Name a prime."},
                    {"role": "assistant", "content": "7"},
                    {"role": "user", "content": "Another, as JSON."}
                  ],
                  "temperature": 0.2,
                  "top_p": 0.9,
                  "max_tokens": 256,
                  "stop": ["\\n\\n"],
                  "seed": 7,
                  "response_format": {"type": "json_object"}
                }
                """));
    }

    @Test
    void defaultRequestOmitsParams() {
        server.respondWith(StubResponse.json(200, answer("stop", "\"Hello.\"")));

        answerOf(client.chat(hello(MODEL)));

        assertThat(json(server.lastRequest().body())).isEqualTo(json("""
                {"model": "gpt-4.1-mini", "messages": [{"role": "user", "content": "Say hello."}]}
                """));
    }

    @Test
    void openAiHostGetsMaxCompletionTokens() {
        RecordingTransport recording = new RecordingTransport(answer("stop", "\"Hello.\""));
        OpenAiClient openAi = new OpenAiClient(settings("openai", ProviderKind.OPENAI,
                URI.create("https://api.openai.com/v1"), true), recording);

        answerOf(openAi.chat(request(MODEL, new GenerationParams(null, null, 64, null, null, null),
                ChatMessage.user("Say hello."))));

        assertThat(recording.uri).isEqualTo(URI.create("https://api.openai.com/v1/chat/completions"));
        assertThat(json(recording.body).get("max_completion_tokens").asInt()).isEqualTo(64);
        assertThat(json(recording.body).has("max_tokens")).isFalse();
        assertThat(recording.headers).containsEntry("authorization", "Bearer " + API_KEY);
    }

    @Test
    void keySentAsBearerTokenOnly() {
        server.respondWith(StubResponse.json(200, answer("stop", "\"Hello.\"")));

        answerOf(client.chat(hello(MODEL)));

        RecordedRequest sent = server.lastRequest();
        assertThat(sent.header("authorization")).isEqualTo("Bearer " + API_KEY);
        assertThat(sent.query()).isNull();
        assertThat(sent.target()).doesNotContain(API_KEY);
        assertThat(sent.bodyText()).doesNotContain(API_KEY);
    }

    @Test
    void noAuthorizationHeaderWithoutKey() {
        OpenAiClient keyless = new OpenAiClient(settings("llama", ProviderKind.OPENAI, server.uri("/v1"), false),
                transport);
        server.respondWith(StubResponse.json(200, answer("stop", "\"Hello.\"")));

        answerOf(keyless.chat(hello(MODEL)));

        assertThat(server.lastRequest().header("authorization")).isNull();
    }

    static Stream<Arguments> finishes() {
        return Stream.of(
                Arguments.of("stop", "\"7\"", "7", FinishReason.STOP),
                Arguments.of("length", "\"The ans\"", "The ans", FinishReason.LENGTH),
                Arguments.of("tool_calls", "null", "", FinishReason.TOOL_CALLS),
                Arguments.of("function_call", "null", "", FinishReason.TOOL_CALLS),
                Arguments.of("eos", "\"7\"", "7", FinishReason.OTHER),
                Arguments.of("stop", "[{\"type\":\"text\",\"text\":\"Ro\"},{\"type\":\"text\",\"text\":\"me\"}]",
                        "Rome",
                        FinishReason.STOP));
    }

    @ParameterizedTest(name = "finish_reason {0} with content {1}")
    @MethodSource("finishes")
    void finishReasonMapsToSuccess(String reason, String content, String text, FinishReason expected) {
        server.respondWith(StubResponse.json(200, answer(reason, content)));

        ProviderResponse response = answerOf(client.chat(hello(MODEL)));

        assertThat(response.text()).isEqualTo(text);
        assertThat(response.finishReason()).isEqualTo(expected);
    }

    @Test
    void refusalIsContentBlocked() {
        server.respondWith(StubResponse.json(200, """
                {"choices": [{"index": 0, "message": {"role": "assistant", "content": null,
                  "refusal": "I can't help with that."}, "finish_reason": "stop"}]}
                """));

        LlmException failure = failureOf(client.chat(hello(MODEL)));

        assertThat(failure).isExactlyInstanceOf(LlmContentBlocked.class);
        assertThat(failure.getMessage()).contains("I can't help with that.");
        assertSafeMessage(failure, "vllm", MODEL, server, PATH);
    }

    @Test
    void contentFilterFinishIsContentBlocked() {
        server.respondWith(StubResponse.json(200, answer("content_filter", "\"partial\"")));

        LlmException failure = failureOf(client.chat(hello(MODEL)));

        assertThat(failure).isExactlyInstanceOf(LlmContentBlocked.class);
        assertSafeMessage(failure, "vllm", MODEL, server, PATH);
    }

    @Test
    void blankRefusalIsNotRefusal() {
        server.respondWith(StubResponse.json(200, """
                {"choices": [{"message": {"role": "assistant", "content": "7", "refusal": ""},
                  "finish_reason": "stop"}]}
                """));

        assertThat(answerOf(client.chat(hello(MODEL))).text()).isEqualTo("7");
    }

    static Stream<Arguments> usages() {
        return Stream.of(
                Arguments.of("all three counts, reasoning already inside completion_tokens",
                        "{\"prompt_tokens\":20,\"completion_tokens\":5,\"total_tokens\":25,"
                                + "\"completion_tokens_details\":{\"reasoning_tokens\":3}}", Usage.of(20, 5, 25)),
                Arguments.of("a missing total is the sum", "{\"prompt_tokens\":20,\"completion_tokens\":5}",
                        Usage.of(20, 5, 25)),
                Arguments.of("a missing prompt count stays absent", "{\"completion_tokens\":5}",
                        new Usage(OptionalInt.empty(), OptionalInt.of(5), OptionalInt.empty())),
                Arguments.of("zero counts stay zero",
                        "{\"prompt_tokens\":0,\"completion_tokens\":0,\"total_tokens\":0}",
                        Usage.of(0, 0, 0)),
                Arguments.of("null usage is unknown", "null", Usage.UNKNOWN),
                Arguments.of("missing usage is unknown", null, Usage.UNKNOWN));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("usages")
    void usageReadsUsageObject(String reason, String usage, Usage expected) {
        server.respondWith(StubResponse.json(200, "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":"
                + "\"7\"},\"finish_reason\":\"stop\"}]" + (usage == null ? "" : ",\"usage\":" + usage) + "}"));

        assertThat(answerOf(client.chat(hello(MODEL))).usage()).isEqualTo(expected);
    }

    @Test
    void noChoicesIsProviderError() {
        server.respondWith(StubResponse.json(200, "{\"id\":\"chatcmpl-1\",\"choices\":[]}"));

        assertThat(failureOf(client.chat(hello(MODEL)))).isExactlyInstanceOf(LlmProviderError.class);
    }

    @Test
    void errorObjectInSuccessfulResponseIsProviderError() {
        server.respondWith(StubResponse.json(200, "{\"error\":{\"message\":\"upstream failed\",\"type\":"
                + "\"server_error\"}}"));

        LlmException failure = failureOf(client.chat(hello(MODEL)));

        assertThat(failure).isExactlyInstanceOf(LlmProviderError.class);
        assertThat(failure.getMessage()).contains("upstream failed");
    }

    static Stream<ErrorCase> errors() {
        StubResponse rateLimit = StubResponse.json(429, openAiError("Rate limit reached for requests", "requests",
                "\"rate_limit_exceeded\""));
        StubResponse unnamedLimit = StubResponse.json(429, openAiError("Rate limit reached", null,
                "\"rate_limit_exceeded\""));
        return Stream.of(
                ErrorCase.of("400 context too long is a bad request", 400, openAiError("This model's maximum context "
                        + "length is 8192 tokens.", "invalid_request_error", "\"context_length_exceeded\""),
                        LlmBadRequest.class),
                ErrorCase.of("400 llama.cpp exceed_context_size_error with an integer code is a bad request", 400,
                        openAiError("the request exceeds the available context size", "exceed_context_size_error",
                                "400"), LlmBadRequest.class),
                ErrorCase.of("400 content_policy_violation is content blocked", 400, openAiError("Your request was "
                        + "rejected by the safety system.", "invalid_request_error", "\"content_policy_violation\""),
                        LlmContentBlocked.class),
                ErrorCase.of("401 invalid_api_key is auth", 401, openAiError("Incorrect API key provided.",
                        "invalid_request_error", "\"invalid_api_key\""), LlmAuthError.class),
                ErrorCase.of("401 missing key with a null code is auth", 401, openAiError("You didn't provide an API "
                        + "key.", "invalid_request_error", "null"), LlmAuthError.class),
                ErrorCase.of("401 vLLM bare string error is auth", 401, "{\"error\":\"Unauthorized\"}",
                        LlmAuthError.class),
                ErrorCase.of("403 unsupported region is auth", 403, openAiError("Country, region, or territory not "
                        + "supported", "request_forbidden", "\"unsupported_country_region_territory\""),
                        LlmAuthError.class),
                ErrorCase.of("404 model_not_found is a bad request", 404, openAiError("The model `gpt-9` does not "
                        + "exist", "invalid_request_error", "\"model_not_found\""), LlmBadRequest.class),
                ErrorCase.of("404 vLLM with an integer code is a bad request", 404, openAiError("The model `x` does "
                        + "not exist.", "NotFoundError", "404"), LlmBadRequest.class),
                ErrorCase.of("409 is a bad request", 409, openAiError("conflict", "invalid_request_error", "null"),
                        LlmBadRequest.class),
                ErrorCase.of("422 FastAPI validation detail is a bad request", 422,
                        "{\"detail\":[{\"loc\":[\"body\",\"messages\"],\"msg\":\"field required\"}]}",
                        LlmBadRequest.class),
                ErrorCase.rateLimited("429 insufficient_quota is an exhausted quota", StubResponse.json(429,
                        openAiError("You exceeded your current quota, please check your plan and billing details.",
                                "insufficient_quota", "\"insufficient_quota\"")).withHeader("retry-after", "20"),
                        null, true),
                ErrorCase.rateLimited("429 quota text without a code is an exhausted quota", StubResponse.json(429,
                        "{\"error\":\"You exceeded your current quota, please check your plan.\"}"), null, true),
                ErrorCase.rateLimited("429 takes retry-after-ms", rateLimit.withHeader("retry-after-ms", "1500"),
                        Duration.ofMillis(1500), false),
                ErrorCase.rateLimited("429 prefers retry-after-ms to retry-after", rateLimit
                        .withHeader("retry-after-ms", "250").withHeader("retry-after", "20"), Duration.ofMillis(250),
                        false),
                ErrorCase.rateLimited("429 takes retry-after seconds", rateLimit.withHeader("retry-after", "20"),
                        Duration.ofSeconds(20), false),
                ErrorCase.rateLimited("429 takes a retry-after HTTP date", rateLimit.withHeader("retry-after",
                        "Thu, 01 Jan 2026 00:00:30 GMT"), Duration.ofSeconds(30), false),
                ErrorCase.rateLimited("429 takes x-ratelimit-reset-requests as a Go duration", rateLimit
                        .withHeader("x-ratelimit-reset-requests", "6m0s"), Duration.ofMinutes(6), false),
                ErrorCase.rateLimited("429 takes x-ratelimit-reset-tokens in milliseconds", rateLimit
                        .withHeader("x-ratelimit-reset-tokens", "12ms"), Duration.ofMillis(12), false),
                ErrorCase.rateLimited("429 of type requests takes the requests reset", rateLimit
                        .withHeader("x-ratelimit-reset-requests", "2s").withHeader("x-ratelimit-reset-tokens", "9s"),
                        Duration.ofSeconds(2), false),
                ErrorCase.rateLimited("429 takes the reset of the spent limit", unnamedLimit
                        .withHeader("x-ratelimit-reset-requests", "2s").withHeader("x-ratelimit-reset-tokens", "1m30s")
                        .withHeader("x-ratelimit-remaining-requests", "5")
                        .withHeader("x-ratelimit-remaining-tokens", "0"), Duration.ofSeconds(90), false),
                ErrorCase.rateLimited("429 with no hint which limit is spent takes the later reset", unnamedLimit
                        .withHeader("x-ratelimit-reset-requests", "2s").withHeader("x-ratelimit-reset-tokens", "1.5s"),
                        Duration.ofSeconds(2), false),
                ErrorCase.rateLimited("429 with an unreadable retry-after falls back to the reset header", rateLimit
                        .withHeader("retry-after", "soon").withHeader("x-ratelimit-reset-requests", "3s"),
                        Duration.ofSeconds(3), false),
                ErrorCase.rateLimited("429 with no delay headers has no delay", rateLimit, null, false),
                ErrorCase.of("500 server_error is unavailable", 500, openAiError("The server had an error.",
                        "server_error", "null"), LlmUnavailable.class),
                ErrorCase.of("502 is unavailable", 502, "{\"error\":\"bad gateway\"}", LlmUnavailable.class),
                ErrorCase.of("503 llama.cpp model loading is unavailable", 503, openAiError("Loading model",
                        "unavailable_error", "503"), LlmUnavailable.class),
                ErrorCase.of("504 is a timeout", 504, "{\"error\":\"gateway timeout\"}", LlmTimeout.class),
                ErrorCase.of("501 is a provider error", 501, openAiError("not supported", "not_supported_error",
                        "501"), LlmProviderError.class));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void errorResponseMapsToErrorClass(ErrorCase row) {
        server.respondWith(row.response());

        LlmException failure = failureOf(client.chat(hello(MODEL)));

        row.assertMatches(failure);
        assertSafeMessage(failure, "vllm", MODEL, server, PATH);
    }

    @Test
    void errorMessageNamesCodeAndQuotesMessage() {
        server.respondWith(StubResponse.json(404, openAiError("The model `gpt-9` does not exist",
                "invalid_request_error", "\"model_not_found\"")));

        LlmException failure = failureOf(client.chat(hello(MODEL)));

        assertThat(failure.getMessage()).isEqualTo("vllm model 'gpt-4.1-mini' at 127.0.0.1:" + server.port()
                + ": HTTP 404 model_not_found, model or endpoint not found: \"The model `gpt-9` does not exist\"");
    }

    @Test
    void keyEchoedByServerIsRedactedFromMessage() {
        server.respondWith(StubResponse.json(401, openAiError("Incorrect API key provided: " + API_KEY + ".",
                "invalid_request_error", "\"invalid_api_key\"")));

        LlmException failure = failureOf(client.chat(hello(MODEL)));

        assertThat(failure).isExactlyInstanceOf(LlmAuthError.class);
        assertThat(failure.getMessage()).contains("Incorrect API key provided: [REDACTED].");
        assertSafeMessage(failure, "vllm", MODEL, server, PATH);
    }

    private static String answer(String finishReason, String contentJson) {
        return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1700000000,"
                + "\"model\":\"gpt-4.1-mini\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":" + contentJson
                + ",\"refusal\":null},\"finish_reason\":\"" + finishReason + "\"}],"
                + "\"usage\":{\"prompt_tokens\":20,\"completion_tokens\":5,\"total_tokens\":25}}";
    }

    private static String openAiError(String message, String type, String codeJson) {
        return "{\"error\":{\"message\":" + jsonString(message) + ",\"type\":" + (type == null ? "null"
                : jsonString(type)) + ",\"param\":null,\"code\":" + codeJson + "}}";
    }

    /** A transport that keeps the request and responds without any network traffic. */
    private static final class RecordingTransport implements HttpTransport {
        private final String answer;
        URI uri;
        Map<String, String> headers;
        byte[] body;

        RecordingTransport(String answer) {
            this.answer = answer;
        }

        @Override
        public CompletableFuture<TransportResponse> post(URI target, Map<String, String> requestHeaders,
                byte[] requestBody, Duration timeout) {
            this.uri = target;
            this.headers = requestHeaders;
            this.body = requestBody;
            return CompletableFuture.completedFuture(new TransportResponse(200,
                    Map.of("content-type", "application/json"), answer.getBytes(StandardCharsets.UTF_8)));
        }

        @Override
        public CompletableFuture<TransportResponse> get(URI target, Map<String, String> requestHeaders,
                Duration timeout) {
            throw new UnsupportedOperationException("the chat clients only POST");
        }

        @Override
        public void close() {
        }
    }
}
