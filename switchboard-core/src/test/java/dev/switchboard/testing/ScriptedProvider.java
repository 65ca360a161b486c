package dev.switchboard.testing;

import dev.switchboard.FinishReason;
import dev.switchboard.Usage;
import dev.switchboard.provider.ProviderClient;
import dev.switchboard.provider.ProviderKind;
import dev.switchboard.provider.ProviderRequest;
import dev.switchboard.provider.ProviderResponse;
import dev.switchboard.provider.ProviderSettings;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * An in-memory {@link ProviderClient} that answers from a script: queued outcomes first, then a
 * fallback function. It records every request it received.
 */
public final class ScriptedProvider implements ProviderClient {

    private final ProviderSettings settings;
    private final ArrayDeque<Function<ProviderRequest, CompletableFuture<ProviderResponse>>> script = new ArrayDeque<>();
    private final List<ProviderRequest> requests = new ArrayList<>();
    private Function<ProviderRequest, CompletableFuture<ProviderResponse>> fallback;

    public ScriptedProvider(String name) {
        this(ProviderSettings.of(name, ProviderKind.OPENAI, "http://127.0.0.1:9/v1", null));
    }

    public ScriptedProvider(ProviderSettings settings) {
        this.settings = settings;
        this.fallback = request -> CompletableFuture.completedFuture(answer(name() + " answered " + request.model()));
    }

    /** A successful answer with known usage. */
    public static ProviderResponse answer(String text) {
        return new ProviderResponse(text, FinishReason.STOP, Usage.of(10, 5, 15));
    }

    public String name() {
        return settings.name();
    }

    /** Queues one failure. */
    public synchronized ScriptedProvider thenFail(RuntimeException failure) {
        script.add(request -> CompletableFuture.failedFuture(failure));
        return this;
    }

    /** Queues one success. */
    public synchronized ScriptedProvider thenAnswer(String text) {
        script.add(request -> CompletableFuture.completedFuture(answer(text)));
        return this;
    }

    /** Queues one outcome computed from the request, such as a future completed later. */
    public synchronized ScriptedProvider then(Function<ProviderRequest, CompletableFuture<ProviderResponse>> outcome) {
        script.add(outcome);
        return this;
    }

    /** Sets what every call answers once the queue is empty. */
    public synchronized ScriptedProvider always(Function<ProviderRequest, CompletableFuture<ProviderResponse>> outcome) {
        fallback = outcome;
        return this;
    }

    public synchronized ScriptedProvider alwaysFail(RuntimeException failure) {
        return always(request -> CompletableFuture.failedFuture(failure));
    }

    public synchronized List<ProviderRequest> requests() {
        return List.copyOf(requests);
    }

    @Override
    public ProviderSettings settings() {
        return settings;
    }

    @Override
    public CompletableFuture<ProviderResponse> chat(ProviderRequest request) {
        Function<ProviderRequest, CompletableFuture<ProviderResponse>> next;
        synchronized (this) {
            requests.add(request);
            next = script.isEmpty() ? fallback : script.poll();
        }
        return next.apply(request);
    }
}
