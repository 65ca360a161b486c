package dev.switchboard.provider;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * An {@link HttpTransport} over the JDK's {@link HttpClient}, for applications that embed the
 * library without an HTTP client of their own.
 *
 * <p>NOTE: the JDK client (seen on 25.0.3) can lose a response on a pooled connection that was
 * idle, failing with "header parser received no bytes" after the server processed the POST.
 * The gateway therefore uses its Vert.x transport; this one suits embedded, moderate traffic.
 */
public final class JdkHttpTransport implements HttpTransport {

    private final HttpClient client;

    public JdkHttpTransport(Duration connectTimeout) {
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public JdkHttpTransport() {
        this(Duration.ofSeconds(5));
    }

    @Override
    public CompletableFuture<TransportResponse> post(URI uri, Map<String, String> headers, byte[] body,
            Duration timeout) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(builder::header);
        return send(uri, builder.build());
    }

    @Override
    public CompletableFuture<TransportResponse> get(URI uri, Map<String, String> headers, Duration timeout) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(timeout).GET();
        headers.forEach(builder::header);
        return send(uri, builder.build());
    }

    private CompletableFuture<TransportResponse> send(URI uri, HttpRequest request) {
        CompletableFuture<TransportResponse> result = new CompletableFuture<>();
        client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).whenComplete((response, error) -> {
            if (error != null) {
                result.completeExceptionally(classify(uri, error));
            } else {
                result.complete(new TransportResponse(response.statusCode(), firstValues(response),
                        response.body() == null ? new byte[0] : response.body()));
            }
        });
        return result;
    }

    private static Map<String, String> firstValues(HttpResponse<?> response) {
        Map<String, String> headers = new HashMap<>();
        for (Map.Entry<String, List<String>> entry : response.headers().map().entrySet()) {
            if (!entry.getValue().isEmpty()) {
                headers.put(entry.getKey().toLowerCase(Locale.ROOT), entry.getValue().get(0));
            }
        }
        return headers;
    }

    static TransportFailure classify(URI uri, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        String endpoint = uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        if (cause instanceof HttpConnectTimeoutException) {
            return new TransportFailure(TransportFailure.Kind.CONNECT, "connect to " + endpoint + " timed out", null);
        }
        if (cause instanceof HttpTimeoutException) {
            return new TransportFailure(TransportFailure.Kind.TIMEOUT, "no response from " + endpoint
                    + " within the timeout", null);
        }
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException
                    || t instanceof NoRouteToHostException || t instanceof UnresolvedAddressException) {
                return new TransportFailure(TransportFailure.Kind.CONNECT, "cannot connect to " + endpoint + ": "
                        + t.getClass().getSimpleName(), null);
            }
        }
        if (cause instanceof IOException) {
            return new TransportFailure(TransportFailure.Kind.IO, "connection to " + endpoint + " failed: "
                    + cause.getClass().getSimpleName(), null);
        }
        return new TransportFailure(TransportFailure.Kind.IO, "request to " + endpoint + " failed: "
                + cause.getClass().getSimpleName(), null);
    }

    @Override
    public void close() {
        client.close();
    }
}
