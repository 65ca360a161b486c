package dev.switchboard.provider;

import java.util.concurrent.CompletableFuture;

/**
 * A client for one configured provider endpoint.
 *
 * <p>Implementations are thread-safe and never block the calling thread. A failed call completes
 * the future exceptionally with an {@link dev.switchboard.error.LlmException}, and every HTTP
 * status, transport failure and malformed body maps to one of its subclasses.
 */
public interface ProviderClient {

    /** The endpoint this client calls. */
    ProviderSettings settings();

    /** Sends one non-streaming chat request. */
    CompletableFuture<ProviderResponse> chat(ProviderRequest request);
}
