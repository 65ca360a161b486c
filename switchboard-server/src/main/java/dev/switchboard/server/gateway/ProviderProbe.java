package dev.switchboard.server.gateway;

import dev.switchboard.provider.HttpTransport;
import dev.switchboard.provider.ProviderSettings;
import dev.switchboard.provider.TransportFailure;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Checks at start which providers answer, with each protocol's cheapest read-only request:
 * Gemini {@code GET /models}, Ollama {@code GET /api/version}, OpenAI-compatible {@code GET /models}.
 */
public final class ProviderProbe {

    private ProviderProbe() {
    }

    /** Returns a one-line verdict, such as {@code reached (HTTP 200)} or {@code not reached: cannot connect ...}. */
    public static CompletableFuture<String> probe(ProviderSettings provider, HttpTransport transport, Duration timeout) {
        String base = provider.baseUrl().toString();
        URI uri;
        Map<String, String> headers;
        switch (provider.kind()) {
            case GEMINI -> {
                uri = URI.create(base + "/models?pageSize=1");
                headers = provider.apiKey() == null ? Map.of() : Map.of("x-goog-api-key", provider.apiKey().reveal());
            }
            case OLLAMA -> {
                uri = URI.create(base + "/api/version");
                headers = Map.of();
            }
            default -> {
                uri = URI.create(base + "/models");
                headers = provider.apiKey() == null ? Map.of()
                        : Map.of("Authorization", "Bearer " + provider.apiKey().reveal());
            }
        }
        return transport.get(uri, headers, timeout).handle((response, error) -> {
            if (error == null) {
                int status = response.status();
                if (status == 401 || status == 403 || (status == 400 && provider.kind().id().equals("gemini"))) {
                    return "reached, but the key was rejected (HTTP " + status + ")";
                }
                return "reached (HTTP " + status + ")";
            }
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            return "not reached: " + (cause instanceof TransportFailure failure ? failure.getMessage()
                    : cause.getClass().getSimpleName());
        });
    }
}
