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

class OllamaClientTest {

    private static final String MODEL = "llama3.2";
    private static final String PATH = "/api/chat";

    private StubHttpServer server;
    private JdkHttpTransport transport;
    private OllamaClient client;

    @BeforeEach
    void start() {
        server = StubHttpServer.start();
        transport = new JdkHttpTransport();
        client = new OllamaClient(settings("local", ProviderKind.OLLAMA, server.baseUri(), false), transport);
    }

    @AfterEach
    void stop() {
        transport.close();
        server.close();
    }

    @Test
    void requestPutsParamsUnderOptionsAndDisablesStreaming() {
        server.respondWith(StubResponse.json(200, answer("stop", "{\"n\":7}", 26, 2)));
        GenerationParams params = new GenerationParams(0.2, 0.9, 256, List.of("\n\n"), 7L, true);

        answerOf(client.chat(request(MODEL, params, ChatMessage.system("Be brief."), ChatMessage.user("Name a prime."),
                ChatMessage.assistant("7"), ChatMessage.user("Another, as JSON."))));

        RecordedRequest sent = server.lastRequest();
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo(PATH);
        assertThat(sent.header("content-type")).isEqualTo("application/json");
        assertThat(json(sent.body())).isEqualTo(json("""
                {
                  "model": "llama3.2",
                  "messages": [
                    {"role": "system", "content": "Be brief."},
                    {"role": "user", "content": "Name a prime."},
                    {"role": "assistant", "content": "7"},
                    {"role": "user", "content": "Another, as JSON."}
                  ],
                  "stream": false,
                  "format": "json",
                  "options": {"temperature": 0.2, "top_p": 0.9, "num_predict": 256, "stop": ["\\n\\n"], "seed": 7}
                }
                """));
    }

    @Test
    void defaultRequestOmitsOptions() {
        server.respondWith(StubResponse.json(200, answer("stop", "Hello.", 5, 2)));

        answerOf(client.chat(hello(MODEL)));

        assertThat(json(server.lastRequest().body())).isEqualTo(json("""
                {"model": "llama3.2", "messages": [{"role": "user", "content": "Say hello."}], "stream": false}
                """));
    }

    @Test
    void trailingSlashOfBaseUrlIsDropped() {
        OllamaClient slashed = new OllamaClient(settings("local", ProviderKind.OLLAMA, server.uri("/"), false),
                transport);
        server.respondWith(StubResponse.json(200, answer("stop", "Hello.", 5, 2)));

        answerOf(slashed.chat(hello(MODEL)));

        assertThat(server.lastRequest().path()).isEqualTo(PATH);
    }

    @Test
    void configuredKeyIsSentAsBearerToken() {
        OllamaClient cloud = new OllamaClient(settings("cloud", ProviderKind.OLLAMA, server.baseUri(), true),
                transport);
        server.respondWith(StubResponse.json(200, answer("stop", "Hello.", 5, 2)));

        answerOf(cloud.chat(hello(MODEL)));

        assertThat(server.lastRequest().header("authorization")).isEqualTo("Bearer " + API_KEY);
        assertThat(server.lastRequest().target()).doesNotContain(API_KEY);
    }

    @Test
    void noAuthorizationHeaderWithoutKey() {
        server.respondWith(StubResponse.json(200, answer("stop", "Hello.", 5, 2)));

        answerOf(client.chat(hello(MODEL)));

        assertThat(server.lastRequest().header("authorization")).isNull();
    }

    static Stream<Arguments> doneReasons() {
        return Stream.of(
                Arguments.of("stop", "\"done_reason\":\"stop\",", FinishReason.STOP),
                Arguments.of("length", "\"done_reason\":\"length\",", FinishReason.LENGTH),
                Arguments.of("an empty reason", "\"done_reason\":\"\",", FinishReason.OTHER),
                Arguments.of("a missing reason", "", FinishReason.OTHER));
    }

    @ParameterizedTest(name = "done_reason {0}")
    @MethodSource("doneReasons")
    void doneReasonMapsToFinishReason(String reason, String field, FinishReason expected) {
        server.respondWith(StubResponse.json(200, "{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\","
                + "\"content\":\"7\"}," + field + "\"done\":true,\"eval_count\":1}"));

        ProviderResponse response = answerOf(client.chat(hello(MODEL)));

        assertThat(response.text()).isEqualTo("7");
        assertThat(response.finishReason()).isEqualTo(expected);
    }

    static Stream<Arguments> usages() {
        return Stream.of(
                Arguments.of("both counts", "\"prompt_eval_count\":26,\"eval_count\":2,", Usage.of(26, 2, 28)),
                Arguments.of("a prompt served from the cache has no prompt count", "\"eval_count\":2,",
                        new Usage(OptionalInt.empty(), OptionalInt.of(2), OptionalInt.empty())),
                Arguments.of("no eval count", "\"prompt_eval_count\":26,",
                        new Usage(OptionalInt.of(26), OptionalInt.empty(), OptionalInt.empty())),
                Arguments.of("zero counts that are present stay zero", "\"prompt_eval_count\":0,\"eval_count\":0,",
                        Usage.of(0, 0, 0)),
                Arguments.of("no counts", "", Usage.UNKNOWN));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("usages")
    void usageKeepsMissingCountsAbsent(String reason, String counts, Usage expected) {
        server.respondWith(StubResponse.json(200, "{\"message\":{\"role\":\"assistant\",\"content\":\"7\"},"
                + counts + "\"done\":true,\"done_reason\":\"stop\"}"));

        ProviderResponse response = answerOf(client.chat(hello(MODEL)));

        assertThat(response.usage()).isEqualTo(expected);
    }

    @Test
    void streamedBodyDespiteStreamFalseIsProviderError() {
        server.respondWith(StubResponse.text(200, "application/x-ndjson",
                "{\"message\":{\"role\":\"assistant\",\"content\":\"Hel\"},\"done\":false}\n"
                        + "{\"message\":{\"role\":\"assistant\",\"content\":\"lo\"},\"done\":true}\n"));

        LlmException failure = failureOf(client.chat(hello(MODEL)));

        assertThat(failure).isExactlyInstanceOf(LlmProviderError.class);
        assertSafeMessage(failure, "local", MODEL, server, PATH);
    }

    @Test
    void answerWithoutMessageIsProviderError() {
        server.respondWith(StubResponse.json(200, "{\"model\":\"llama3.2\",\"done\":true}"));

        assertThat(failureOf(client.chat(hello(MODEL)))).isExactlyInstanceOf(LlmProviderError.class);
    }

    @Test
    void errorObjectInSuccessfulResponseIsProviderError() {
        server.respondWith(StubResponse.json(200, "{\"error\":\"an error was encountered while running the model\"}"));

        LlmException failure = failureOf(client.chat(hello(MODEL)));

        assertThat(failure).isExactlyInstanceOf(LlmProviderError.class);
        assertThat(failure.getMessage()).contains("an error was encountered while running the model");
    }

    static Stream<ErrorCase> errors() {
        return Stream.of(
                ErrorCase.of("400 is a bad request", 400, "{\"error\":\"\\\"llama3.2\\\" does not support thinking\"}",
                        LlmBadRequest.class),
                ErrorCase.of("401 is auth", 401, "{\"error\":\"unauthorized\"}", LlmAuthError.class),
                ErrorCase.of("403 is auth", 403, "{\"error\":\"cloud models are disabled\"}", LlmAuthError.class),
                ErrorCase.of("404 model not pulled is a bad request", 404,
                        "{\"error\":\"model \\\"llama3.2\\\" not found, try pulling it first\"}", LlmBadRequest.class),
                new ErrorCase("404 plain-text page is a bad request", StubResponse.text(404, "text/plain",
                        "404 page not found"), LlmBadRequest.class, null, false),
                ErrorCase.rateLimited("429 is rate limited",
                        StubResponse.json(429, "{\"error\":\"too many requests\"}"),
                        null, false),
                ErrorCase.rateLimited("429 with retry-after takes the delay", StubResponse.json(429,
                        "{\"error\":\"too many requests\"}").withHeader("retry-after", "3"), Duration.ofSeconds(3),
                        false),
                ErrorCase.of("500 is a provider error", 500,
                        "{\"error\":\"an error was encountered while running the model\"}", LlmProviderError.class),
                ErrorCase.of("502 is unavailable", 502, "{\"error\":\"cloud model unreachable\"}",
                        LlmUnavailable.class),
                ErrorCase.of("503 queue full is unavailable", 503,
                        "{\"error\":\"server busy, please try again.  maximum pending requests exceeded\"}",
                        LlmUnavailable.class),
                ErrorCase.of("504 from a proxy is a timeout", 504, "{\"error\":\"gateway timeout\"}", LlmTimeout.class),
                ErrorCase.of("an unknown status is a provider error", 499, "{\"error\":\"request canceled\"}",
                        LlmProviderError.class));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void errorResponseMapsToErrorClass(ErrorCase row) {
        server.respondWith(row.response());

        LlmException failure = failureOf(client.chat(hello(MODEL)));

        row.assertMatches(failure);
        assertSafeMessage(failure, "local", MODEL, server, PATH);
    }

    @Test
    void modelNotFoundTellsToPullModel() {
        server.respondWith(StubResponse.json(404, "{\"error\":\"model 'llama3.2' not found\"}"));

        LlmException failure = failureOf(client.chat(hello(MODEL)));

        assertThat(failure.getMessage()).isEqualTo("local model 'llama3.2' at 127.0.0.1:" + server.port()
                + ": HTTP 404, model not found; run 'ollama pull llama3.2' on the server: "
                + "\"model 'llama3.2' not found\"");
    }

    @Test
    void keyEchoedByServerIsRedactedFromMessage() {
        OllamaClient cloud = new OllamaClient(settings("cloud", ProviderKind.OLLAMA, server.baseUri(), true),
                transport);
        server.respondWith(StubResponse.json(401, "{\"error\":\"invalid key " + API_KEY + "\"}"));

        LlmException failure = failureOf(cloud.chat(hello(MODEL)));

        assertThat(failure).isExactlyInstanceOf(LlmAuthError.class);
        assertSafeMessage(failure, "cloud", MODEL, server, PATH);
    }

    private static String answer(String doneReason, String content, int promptCount, int evalCount) {
        return "{\"model\":\"llama3.2\",\"created_at\":\"2025-01-01T00:00:00Z\",\"message\":{\"role\":\"assistant\","
                + "\"content\":" + jsonString(content) + "},\"done\":true,\"done_reason\":\""
                + doneReason + "\",\"total_duration\":5191566416,\"prompt_eval_count\":" + promptCount
                + ",\"eval_count\":" + evalCount + "}";
    }
}
