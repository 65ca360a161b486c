package dev.switchboard.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * An HTTP/1.1 server on {@code 127.0.0.1} and a free port that records every request and responds
 * with canned responses, for tests of HTTP clients against a real socket.
 *
 * <pre>{@code
 * try (StubHttpServer server = StubHttpServer.start()) {
 *     server.respondWith(StubResponse.json(200, "{\"ok\":true}"));
 *     // call server.uri("/v1/chat/completions") ...
 *     assertThat(server.lastRequest().header("authorization")).isEqualTo("Bearer test-key");
 * }
 * }</pre>
 *
 * <p>Responses queued with {@link #enqueue} are used first, in order; after them every request
 * gets the response set by {@link #respondWith}, by default {@code 200 {}}. Thread-safe. Each
 * request is handled on its own virtual thread, and {@link #close()} ends every delayed answer.
 */
public final class StubHttpServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final Queue<StubResponse> queued = new ConcurrentLinkedQueue<>();
    private volatile Function<RecordedRequest, StubResponse> responder = request -> StubResponse.json(200, "{}");

    private StubHttpServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts a server on {@code 127.0.0.1} and a free port. */
    public static StubHttpServer start() {
        try {
            return new StubHttpServer();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the stub HTTP server", e);
        }
    }

    /**
     * Returns a loopback port that nothing listens on, for connection-refused tests. Another
     * process could take the port in between, which is unlikely within one test.
     */
    public static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port", e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Returns the server's root, {@code http://127.0.0.1:<port>}, with no trailing slash. */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** Returns the URL of {@code path}, which starts with {@code /}. */
    public URI uri(String path) {
        return URI.create(baseUri() + path);
    }

    /** Sets the response for every request that finds the queue empty. */
    public StubHttpServer respondWith(StubResponse response) {
        return respondWith(request -> response);
    }

    /** Sets the function that builds the response to every request that finds the queue empty. */
    public StubHttpServer respondWith(Function<RecordedRequest, StubResponse> newResponder) {
        this.responder = newResponder;
        return this;
    }

    /** Queues responses for the next requests, used once each and in order. */
    public StubHttpServer enqueue(StubResponse... responses) {
        queued.addAll(Arrays.asList(responses));
        return this;
    }

    /** Returns the requests received so far, oldest first. */
    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    public int requestCount() {
        return requests.size();
    }

    /**
     * Returns the latest request.
     *
     * @throws AssertionError when no request arrived
     */
    public RecordedRequest lastRequest() {
        if (requests.isEmpty()) {
            throw new AssertionError("the stub server at " + baseUri() + " received no request");
        }
        return requests.get(requests.size() - 1);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            RecordedRequest request = record(exchange);
            requests.add(request);
            StubResponse response = queued.poll();
            if (response == null) {
                response = responder.apply(request);
            }
            if (!response.delay().isZero() && waitForClose(response)) {
                return;
            }
            response.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            byte[] body = response.body();
            exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        } catch (IOException e) {
            // The client went away first, as it does in timeout tests.
        }
    }

    /** Waits out the response's delay and returns whether the server closed meanwhile. */
    private boolean waitForClose(StubResponse response) {
        try {
            return closed.await(response.delay().toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private static RecordedRequest record(HttpExchange exchange) throws IOException {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) ->
                headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(new ArrayList<>(values))));
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        URI uri = exchange.getRequestURI();
        return new RecordedRequest(exchange.getRequestMethod(), uri.getPath(), uri.getRawQuery(), headers, body);
    }

    /** Stops the server, ends delayed responses and closes open connections. */
    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
