package dev.switchboard.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.StubHttpServer;
import dev.switchboard.testing.StubResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.NoRouteToHostException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JdkHttpTransportTest {

    private static final URI TARGET = URI.create("http://127.0.0.1:8080/v1beta/models/m:generateContent?key=abc");
    private static final Map<String, String> JSON_HEADERS = Map.of("content-type", "application/json");
    private static final byte[] BODY = "{}".getBytes(StandardCharsets.UTF_8);

    private JdkHttpTransport transport;

    @BeforeEach
    void start() {
        transport = new JdkHttpTransport();
    }

    @AfterEach
    void stop() {
        transport.close();
    }

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of("connect timeout", new HttpConnectTimeoutException("HTTP connect timed out"),
                        TransportFailure.Kind.CONNECT),
                Arguments.of("request timeout", new HttpTimeoutException("request timed out"),
                        TransportFailure.Kind.TIMEOUT),
                Arguments.of("wrapped request timeout", new CompletionException(new HttpTimeoutException("timed out")),
                        TransportFailure.Kind.TIMEOUT),
                Arguments.of("connection refused", new ConnectException("Connection refused"),
                        TransportFailure.Kind.CONNECT),
                Arguments.of("connection refused inside an IOException",
                        new CompletionException(new IOException("failed", new ConnectException("refused"))),
                        TransportFailure.Kind.CONNECT),
                Arguments.of("unknown host", new UnknownHostException("nowhere.invalid"),
                        TransportFailure.Kind.CONNECT),
                Arguments.of("no route", new NoRouteToHostException("no route"), TransportFailure.Kind.CONNECT),
                Arguments.of("unresolved address", new IOException(new UnresolvedAddressException()),
                        TransportFailure.Kind.CONNECT),
                Arguments.of("connection closed mid-response",
                        new IOException("HTTP/1.1 header parser received no bytes"), TransportFailure.Kind.IO),
                Arguments.of("anything else", new IllegalStateException("selector closed"), TransportFailure.Kind.IO));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void classifyMapsExceptionToKind(String reason, Throwable error, TransportFailure.Kind expected) {
        TransportFailure failure = JdkHttpTransport.classify(TARGET, error);

        assertThat(failure.kind()).isEqualTo(expected);
        assertThat(failure.getMessage()).contains("127.0.0.1:8080");
        assertThat(failure.getMessage()).doesNotContain("/v1beta").doesNotContain("key=").doesNotContain("abc");
    }

    @Test
    void connectionRefusedIsConnectFailure() {
        URI closed = URI.create("http://127.0.0.1:" + StubHttpServer.closedPort() + "/api/chat");

        TransportFailure failure = failureOf(transport.post(closed, JSON_HEADERS, BODY, Duration.ofSeconds(10)));

        assertThat(failure.kind()).isEqualTo(TransportFailure.Kind.CONNECT);
        assertThat(failure.getMessage()).doesNotContain("/api/chat");
    }

    @Test
    void responseSlowerThanTimeoutIsTimeoutFailure() {
        try (StubHttpServer server = StubHttpServer.start()) {
            server.respondWith(StubResponse.json(200, "{}").withDelay(Duration.ofMinutes(5)));

            TransportFailure failure = failureOf(transport.post(server.uri("/api/chat"), JSON_HEADERS, BODY,
                    Duration.ofMillis(300)));

            assertThat(failure.kind()).isEqualTo(TransportFailure.Kind.TIMEOUT);
        }
    }

    @Test
    void connectionClosedWithoutResponseIsIoFailure() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 4, InetAddress.getLoopbackAddress())) {
            Thread closer = Thread.ofVirtual().start(() -> closeEachConnection(listener));
            URI uri = URI.create("http://127.0.0.1:" + listener.getLocalPort() + "/api/chat");

            TransportFailure failure = failureOf(transport.post(uri, JSON_HEADERS, BODY, Duration.ofSeconds(10)));

            assertThat(failure.kind()).isEqualTo(TransportFailure.Kind.IO);
            listener.close();
            closer.join();
        }
    }

    @Test
    void postReturnsStatusLowerCaseHeadersAndBody() throws Exception {
        try (StubHttpServer server = StubHttpServer.start()) {
            server.respondWith(StubResponse.json(429, "{\"error\":\"slow down\"}").withHeader("Retry-After", "3"));

            TransportResponse response = transport.post(server.uri("/api/chat"),
                    Map.of("content-type", "application/json", "x-test", "1"), BODY, Duration.ofSeconds(10))
                    .get(60, TimeUnit.SECONDS);

            assertThat(response.status()).isEqualTo(429);
            assertThat(response.headers()).containsEntry("retry-after", "3");
            assertThat(response.header("Retry-After")).isEqualTo("3");
            assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("{\"error\":\"slow down\"}");
            assertThat(server.lastRequest().method()).isEqualTo("POST");
            assertThat(server.lastRequest().header("x-test")).isEqualTo("1");
            assertThat(server.lastRequest().bodyText()).isEqualTo("{}");
        }
    }

    @Test
    void getReturnsEmptyBodyWhenNoneSent() throws Exception {
        try (StubHttpServer server = StubHttpServer.start()) {
            server.respondWith(StubResponse.empty(204));

            TransportResponse response = transport.get(server.uri("/health"), Map.of(), Duration.ofSeconds(10))
                    .get(60, TimeUnit.SECONDS);

            assertThat(response.status()).isEqualTo(204);
            assertThat(response.body()).isEmpty();
            assertThat(server.lastRequest().method()).isEqualTo("GET");
        }
    }

    /** Accepts connections, reads the start of each request and closes it without a response. */
    private static void closeEachConnection(ServerSocket listener) {
        for (int i = 0; i < 4 && !listener.isClosed(); i++) {
            try (Socket socket = listener.accept(); InputStream in = socket.getInputStream()) {
                in.read(new byte[256]);
            } catch (IOException e) {
                return;
            }
        }
    }

    private static TransportFailure failureOf(CompletableFuture<TransportResponse> future) {
        try {
            TransportResponse response = future.get(60, TimeUnit.SECONDS);
            throw new AssertionError("expected a transport failure, got HTTP " + response.status());
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(TransportFailure.class);
            return (TransportFailure) e.getCause();
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("the transport did not complete the future", e);
        }
    }
}
