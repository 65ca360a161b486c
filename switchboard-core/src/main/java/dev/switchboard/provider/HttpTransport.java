package dev.switchboard.provider;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The HTTP/1.1 client under the provider clients, so that an application can plug in the
 * client it already runs. {@link JdkHttpTransport} is the built-in one; the gateway uses a
 * Vert.x client.
 *
 * <p>A transport failure completes the future with a {@link TransportFailure}: connect errors,
 * I/O errors and the timeout each have their own kind. Non-2xx statuses are not failures here.
 */
public interface HttpTransport extends AutoCloseable {

    /** Sends a POST with a JSON body and returns the whole response. */
    CompletableFuture<TransportResponse> post(URI uri, Map<String, String> headers, byte[] body, Duration timeout);

    /** Sends a GET and returns the whole response. */
    CompletableFuture<TransportResponse> get(URI uri, Map<String, String> headers, Duration timeout);

    @Override
    void close();
}
