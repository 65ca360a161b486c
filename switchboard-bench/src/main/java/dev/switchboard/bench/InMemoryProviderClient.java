package dev.switchboard.bench;

import dev.switchboard.provider.ProviderClient;
import dev.switchboard.provider.ProviderRequest;
import dev.switchboard.provider.ProviderResponse;
import dev.switchboard.provider.ProviderSettings;
import java.util.concurrent.CompletableFuture;

/** A provider client that returns the same already completed future for every request. */
final class InMemoryProviderClient implements ProviderClient {

    private final ProviderSettings settings;
    private final CompletableFuture<ProviderResponse> answer;

    InMemoryProviderClient(ProviderSettings settings, ProviderResponse response) {
        this.settings = settings;
        this.answer = CompletableFuture.completedFuture(response);
    }

    @Override
    public ProviderSettings settings() {
        return settings;
    }

    @Override
    public CompletableFuture<ProviderResponse> chat(ProviderRequest request) {
        return answer;
    }
}
