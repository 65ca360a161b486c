package dev.switchboard.server.transport;

import dev.switchboard.provider.HttpTransport;
import dev.switchboard.provider.TransportFailure;
import dev.switchboard.provider.TransportResponse;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;

/**
 * An {@link HttpTransport} over the Vert.x HTTP client. A request sent from an event-loop thread
 * runs on that event loop, so the gateway's server connection, the upstream connection and the
 * callbacks of one request share a thread.
 */
public final class VertxHttpTransport implements HttpTransport {

    private static final Duration MAX_CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final Vertx vertx;
    private final HttpClientOptions options;
    private final PoolOptions pool;
    private final HttpClientAgent shared;
    private final ThreadLocal<HttpClientAgent> perEventLoop;
    private final List<HttpClientAgent> clients = new CopyOnWriteArrayList<>();

    /**
     * Creates a transport whose pool keeps up to {@code maxConnectionsPerHost} keep-alive
     * connections to each upstream host (Vert.x defaults to 5, far too few for a gateway).
     */
    public VertxHttpTransport(Vertx vertx, int maxConnectionsPerHost) {
        this.vertx = vertx;
        HttpClientOptions options = new HttpClientOptions()
                .setKeepAlive(true)
                .setTcpNoDelay(true)
                .setKeepAliveTimeout(30);
        this.options = options;
        this.pool = new PoolOptions()
                .setHttp1MaxSize(maxConnectionsPerHost)
                .setMaxWaitQueueSize(-1);
        this.shared = newClient();
        // One client per event loop keeps each upstream connection on the loop that uses it: a
        // shared pool hands connections across loops, and every hop costs a thread wake-up.
        this.perEventLoop = ThreadLocal.withInitial(() -> Context.isOnEventLoopThread() ? newClient() : shared);
    }

    private HttpClientAgent newClient() {
        HttpClientAgent client = vertx.createHttpClient(options, pool);
        clients.add(client);
        return client;
    }

    @Override
    public CompletableFuture<TransportResponse> post(URI uri, Map<String, String> headers, byte[] body,
            Duration timeout) {
        return send(HttpMethod.POST, uri, headers, Buffer.buffer(body), timeout);
    }

    @Override
    public CompletableFuture<TransportResponse> get(URI uri, Map<String, String> headers, Duration timeout) {
        return send(HttpMethod.GET, uri, headers, null, timeout);
    }

    private CompletableFuture<TransportResponse> send(HttpMethod method, URI uri, Map<String, String> headers,
            Buffer body, Duration timeout) {
        CompletableFuture<TransportResponse> result = new CompletableFuture<>();
        long timeoutMs = Math.max(1, timeout.toMillis());
        // Host, port and path are set one by one: an absolute URI would be parsed again per request.
        String path = uri.getRawQuery() == null ? uri.getRawPath() : uri.getRawPath() + "?" + uri.getRawQuery();
        RequestOptions requestOptions = new RequestOptions()
                .setMethod(method)
                .setSsl("https".equals(uri.getScheme()))
                .setHost(uri.getHost())
                .setPort(uri.getPort() >= 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80)
                .setURI(path.isEmpty() ? "/" : path)
                .setConnectTimeout(Math.min(timeoutMs, MAX_CONNECT_TIMEOUT.toMillis()));
        headers.forEach(requestOptions::putHeader);
        perEventLoop.get().request(requestOptions).onComplete(requested -> {
            if (requested.failed()) {
                result.completeExceptionally(classify(uri, requested.cause(), false));
                return;
            }
            var request = requested.result();
            long timer = vertx.setTimer(timeoutMs, id -> request.reset(0, new TimeoutException()));
            Future<HttpClientResponse> sent = body == null ? request.send() : request.send(body);
            sent.compose(response -> response.body().map(buffer -> toResponse(response, buffer)))
                    .onComplete(done -> {
                        vertx.cancelTimer(timer);
                        if (done.succeeded()) {
                            result.complete(done.result());
                        } else {
                            result.completeExceptionally(classify(uri, done.cause(), true));
                        }
                    });
        });
        return result;
    }

    private static TransportResponse toResponse(HttpClientResponse response, Buffer buffer) {
        return new TransportResponse(response.statusCode(), new HeaderView(response.headers()), buffer.getBytes());
    }

    /**
     * A read-only map over Vert.x's case-insensitive headers, so that a response's headers are
     * neither copied nor lower-cased unless a client asks for one.
     */
    private static final class HeaderView extends AbstractMap<String, String> {
        private final MultiMap headers;

        HeaderView(MultiMap headers) {
            this.headers = headers;
        }

        @Override
        public String get(Object name) {
            return name instanceof String key ? headers.get(key) : null;
        }

        @Override
        public boolean containsKey(Object name) {
            return name instanceof String key && headers.contains(key);
        }

        @Override
        public Set<Entry<String, String>> entrySet() {
            Map<String, String> copy = new HashMap<>();
            headers.forEach(entry -> copy.putIfAbsent(entry.getKey().toLowerCase(Locale.ROOT), entry.getValue()));
            return copy.entrySet();
        }
    }

    private static TransportFailure classify(URI uri, Throwable error, boolean connected) {
        String endpoint = uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException || t instanceof io.netty.channel.ConnectTimeoutException) {
                return connected
                        ? new TransportFailure(TransportFailure.Kind.TIMEOUT, "no response from " + endpoint
                                + " within the timeout", null)
                        : new TransportFailure(TransportFailure.Kind.CONNECT, "connect to " + endpoint + " timed out",
                                null);
            }
            if (t instanceof ConnectException || t instanceof UnknownHostException
                    || t instanceof NoRouteToHostException) {
                return new TransportFailure(TransportFailure.Kind.CONNECT, "cannot connect to " + endpoint + ": "
                        + t.getClass().getSimpleName(), null);
            }
        }
        return new TransportFailure(connected ? TransportFailure.Kind.IO : TransportFailure.Kind.CONNECT,
                "connection to " + endpoint + " failed: " + error.getClass().getSimpleName(), null);
    }

    @Override
    public void close() {
        clients.forEach(HttpClientAgent::close);
    }
}
