package dev.switchboard.provider;

import static dev.switchboard.provider.ProviderTestSupport.API_KEY;
import static dev.switchboard.provider.ProviderTestSupport.assertSafeMessage;
import static dev.switchboard.provider.ProviderTestSupport.failureOf;
import static dev.switchboard.provider.ProviderTestSupport.hello;
import static dev.switchboard.provider.ProviderTestSupport.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.ChatMessage;
import dev.switchboard.GenerationParams;
import dev.switchboard.error.LlmBadRequest;
import dev.switchboard.error.LlmException;
import dev.switchboard.error.LlmProviderError;
import dev.switchboard.error.LlmTimeout;
import dev.switchboard.error.LlmUnavailable;
import dev.switchboard.testing.StubHttpServer;
import dev.switchboard.testing.StubResponse;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Behaviour every provider client shares: the factory, transport failures and unusable bodies. */
class ProviderClientsTest {

    private static final String MODEL = "model-a";

    private StubHttpServer server;
    private JdkHttpTransport transport;

    @BeforeEach
    void start() {
        server = StubHttpServer.start();
        transport = new JdkHttpTransport();
    }

    @AfterEach
    void stop() {
        transport.close();
        server.close();
    }

    @ParameterizedTest
    @EnumSource(ProviderKind.class)
    void createReturnsClientForKind(ProviderKind kind) {
        ProviderSettings settings = settings("p", kind, server.baseUri(), true);

        ProviderClient client = ProviderClients.create(settings, transport);

        assertThat(client).isInstanceOf(switch (kind) {
            case GEMINI -> GeminiClient.class;
            case OLLAMA -> OllamaClient.class;
            case OPENAI -> OpenAiClient.class;
        });
        assertThat(client.settings()).isSameAs(settings);
    }

    @Test
    void clientRejectsSettingsOfAnotherKind() {
        ProviderSettings ollama = settings("local", ProviderKind.OLLAMA, server.baseUri(), false);

        assertThatThrownBy(() -> new GeminiClient(ollama, transport))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("provider 'local' is of type 'ollama', but GeminiClient speaks 'gemini'");
    }

    @ParameterizedTest
    @EnumSource(ProviderKind.class)
    void connectionRefusedIsUnavailable(ProviderKind kind) {
        int port = StubHttpServer.closedPort();
        ProviderClient client = ProviderClients.create(settings("p", kind, URI.create("http://127.0.0.1:" + port
                + basePath(kind)), true), transport);

        LlmException failure = failureOf(client.chat(hello(MODEL)));

        assertThat(failure).isExactlyInstanceOf(LlmUnavailable.class);
        assertThat(failure.getMessage()).startsWith("p model 'model-a' at 127.0.0.1:" + port + ": ");
        assertThat(failure.getMessage()).doesNotContain(API_KEY).doesNotContain(chatPath(kind));
    }

    @ParameterizedTest
    @EnumSource(ProviderKind.class)
    void responseSlowerThanTimeoutIsTimeout(ProviderKind kind) {
        server.respondWith(StubResponse.json(200, "{}").withDelay(Duration.ofMinutes(5)));
        ProviderClient client = client(kind);
        ProviderRequest request = new ProviderRequest(MODEL, List.of(ChatMessage.user("Say hello.")),
                GenerationParams.DEFAULT, Duration.ofMillis(300));

        LlmException failure = failureOf(client.chat(request));

        assertThat(failure).isExactlyInstanceOf(LlmTimeout.class);
        assertThat(failure.getMessage()).contains("no complete response within 0.3s");
        assertSafeMessage(failure, "p", MODEL, server, chatPath(kind));
    }

    static Stream<Arguments> unusableBodies() {
        return Stream.of(ProviderKind.values()).flatMap(kind -> Stream.of(
                Arguments.of(kind, "malformed JSON in a 200", StubResponse.json(200, "{\"choices\":[{"),
                        LlmProviderError.class),
                Arguments.of(kind, "an empty 200", StubResponse.empty(200), LlmProviderError.class),
                Arguments.of(kind, "a JSON array in a 200", StubResponse.json(200, "[]"), LlmProviderError.class),
                Arguments.of(kind, "an HTML 200", StubResponse.text(200, "text/html", "<html>login</html>"),
                        LlmProviderError.class),
                Arguments.of(kind, "an HTML 503", StubResponse.text(503, "text/html",
                        "<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>"),
                        LlmUnavailable.class),
                Arguments.of(kind, "an empty 502", StubResponse.empty(502), LlmUnavailable.class),
                Arguments.of(kind, "a plain-text 504", StubResponse.text(504, "text/plain", "upstream timed out"),
                        LlmTimeout.class),
                Arguments.of(kind, "a redirect", StubResponse.empty(302).withHeader("location", "/elsewhere"),
                        LlmProviderError.class),
                Arguments.of(kind, "an unknown status", StubResponse.text(599, "text/plain", "odd"),
                        LlmProviderError.class)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("unusableBodies")
    void unusableResponseIsClassified(ProviderKind kind, String reason, StubResponse response,
            Class<? extends LlmException> expected) {
        server.respondWith(response);

        LlmException failure = failureOf(client(kind).chat(hello(MODEL)));

        assertThat(failure).isExactlyInstanceOf(expected);
        assertSafeMessage(failure, "p", MODEL, server, chatPath(kind));
    }

    @ParameterizedTest
    @EnumSource(ProviderKind.class)
    void plainTextErrorBodyIsQuoted(ProviderKind kind) {
        server.respondWith(StubResponse.text(502, "text/plain", "upstream connect error or disconnect/reset"));

        LlmException failure = failureOf(client(kind).chat(hello(MODEL)));

        assertThat(failure.getMessage()).endsWith(": \"upstream connect error or disconnect/reset\"");
    }

    @ParameterizedTest
    @EnumSource(ProviderKind.class)
    void modelNameCannotInjectQuery(ProviderKind kind) {
        server.respondWith(StubResponse.json(400, "{}"));

        LlmException failure = failureOf(client(kind).chat(hello("we ird/model?x=1")));

        assertThat(failure).isExactlyInstanceOf(LlmBadRequest.class);
        assertThat(server.lastRequest().query()).isNull();
    }

    @ParameterizedTest
    @EnumSource(ProviderKind.class)
    void transportThatThrowsIsUnavailable(ProviderKind kind) {
        HttpTransport broken = new HttpTransport() {
            @Override
            public CompletableFuture<TransportResponse> post(URI uri, Map<String, String> headers, byte[] body,
                    Duration timeout) {
                throw new IllegalStateException("client closed");
            }

            @Override
            public CompletableFuture<TransportResponse> get(URI uri, Map<String, String> headers, Duration timeout) {
                throw new IllegalStateException("client closed");
            }

            @Override
            public void close() {
            }
        };
        ProviderClient client = ProviderClients.create(settings("p", kind, server.uri(basePath(kind)), true), broken);

        LlmException failure = failureOf(client.chat(hello(MODEL)));

        assertThat(failure).isExactlyInstanceOf(LlmUnavailable.class);
        assertSafeMessage(failure, "p", MODEL, server, chatPath(kind));
    }

    @ParameterizedTest
    @EnumSource(ProviderKind.class)
    void transportFailureNamingUrlIsScrubbed(ProviderKind kind) {
        HttpTransport leaky = new HttpTransport() {
            @Override
            public CompletableFuture<TransportResponse> post(URI uri, Map<String, String> headers, byte[] body,
                    Duration timeout) {
                return CompletableFuture.failedFuture(new TransportFailure(TransportFailure.Kind.CONNECT,
                        "cannot connect to " + uri + "?key=" + API_KEY, new IllegalStateException(uri.getPath())));
            }

            @Override
            public CompletableFuture<TransportResponse> get(URI uri, Map<String, String> headers, Duration timeout) {
                throw new UnsupportedOperationException("the chat clients only POST");
            }

            @Override
            public void close() {
            }
        };
        ProviderClient client = ProviderClients.create(settings("p", kind, server.uri(basePath(kind)), true), leaky);

        LlmException failure = failureOf(client.chat(hello(MODEL)));

        assertThat(failure).isExactlyInstanceOf(LlmUnavailable.class);
        assertThat(failure.getCause()).isNull();
        assertThat(failure.getMessage()).contains("cannot connect to [REDACTED]");
        assertThat(failure.getMessage()).doesNotContain(API_KEY).doesNotContain(chatPath(kind));
    }

    private ProviderClient client(ProviderKind kind) {
        return ProviderClients.create(settings("p", kind, server.uri(basePath(kind)), true), transport);
    }

    private static String basePath(ProviderKind kind) {
        return switch (kind) {
            case GEMINI -> "/v1beta";
            case OLLAMA -> "";
            case OPENAI -> "/v1";
        };
    }

    private static String chatPath(ProviderKind kind) {
        return switch (kind) {
            case GEMINI -> "/v1beta/models/" + MODEL + ":generateContent";
            case OLLAMA -> "/api/chat";
            case OPENAI -> "/v1/chat/completions";
        };
    }
}
