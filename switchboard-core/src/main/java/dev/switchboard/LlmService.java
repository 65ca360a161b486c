package dev.switchboard;

import dev.switchboard.error.LlmBadRequest;
import dev.switchboard.error.LlmException;
import dev.switchboard.error.LlmProviderError;
import dev.switchboard.provider.ProviderClient;
import dev.switchboard.provider.ProviderRequest;
import dev.switchboard.provider.ProviderResponse;
import dev.switchboard.provider.ProviderSettings;
import dev.switchboard.routing.ConcurrencyLimiter;
import dev.switchboard.routing.Delayer;
import dev.switchboard.routing.Deployment;
import dev.switchboard.routing.Profile;
import dev.switchboard.routing.Router;
import dev.switchboard.routing.RouterPolicy;
import dev.switchboard.run.AttemptRecord;
import dev.switchboard.run.RunIds;
import dev.switchboard.run.RunRecord;
import dev.switchboard.run.RunSink;
import dev.switchboard.run.RunStatus;
import dev.switchboard.telemetry.RunContext;
import dev.switchboard.telemetry.Telemetry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * The entry point for pipeline stages: assigns each call an {@code llm_run_id}, routes it over
 * the profile's deployments with retries and fallbacks, and hands every attempt to telemetry
 * and every run to the {@link RunSink}.
 *
 * <pre>{@code
 * LlmService service = LlmService.builder()
 *         .provider(new OllamaClient(ProviderSettings.of("local", ProviderKind.OLLAMA, "http://127.0.0.1:11434", null), transport))
 *         .profile(Profile.ordered("summarize", Deployment.of("local", "llama3.2")))
 *         .telemetry(Telemetry.create(TelemetrySettings.DEFAULT, meterRegistry, List.of()))
 *         .build();
 * ChatResponse answer = service.chat(ChatRequest.builder("ws-1", "summarize", "summarize").user("...").build());
 * }</pre>
 *
 * <p>Thread-safe. {@link #chatAsync} never blocks the calling thread; {@link #chat} waits for it.
 */
public final class LlmService {

    private final Map<String, ProviderEntry> providers;
    private final Map<String, Profile> profiles;
    private final Router router;
    private final Telemetry telemetry;
    private final RunSink runSink;
    private final RunIds runIds;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final Delayer delayer;

    private LlmService(Builder builder) {
        this.providers = Map.copyOf(builder.providers);
        this.profiles = Map.copyOf(builder.profiles);
        this.clock = builder.clock;
        this.nanoTime = builder.nanoTime;
        this.router = new Router(builder.policy, nanoTime);
        this.telemetry = Objects.requireNonNull(builder.telemetry, "telemetry");
        this.runSink = builder.runSink;
        this.runIds = new RunIds(clock);
        this.delayer = builder.delayer;
        for (Profile profile : profiles.values()) {
            for (Deployment deployment : profile.deployments()) {
                if (!providers.containsKey(deployment.provider())) {
                    throw new IllegalArgumentException("profile '" + profile.name() + "' names provider '"
                            + deployment.provider() + "', which is not configured; configured providers: "
                            + providers.keySet());
                }
            }
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Sends a chat call and waits for the response.
     *
     * @throws LlmException the last attempt's failure when no deployment returned a response
     */
    public ChatResponse chat(ChatRequest request) {
        try {
            return chatAsync(request).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof LlmException failure) {
                throw failure;
            }
            throw e;
        }
    }

    /**
     * Sends a chat call. The future fails with an {@link LlmException} when no deployment returned a response.
     */
    public CompletableFuture<ChatResponse> chatAsync(ChatRequest request) {
        Objects.requireNonNull(request, "request");
        Call call = new Call(runIds.next(), request, clock.instant(), nanoTime.getAsLong());
        Profile profile = profiles.get(request.profile());
        if (profile == null) {
            return CompletableFuture.failedFuture(call.fail(new LlmBadRequest("unknown profile '"
                    + request.profile() + "'; configured profiles: " + profiles.keySet().stream().sorted().toList())));
        }
        List<Deployment> plan = router.plan(profile);
        return attempt(call, profile, plan, 0, 0);
    }

    private CompletableFuture<ChatResponse> attempt(Call call, Profile profile, List<Deployment> plan, int index,
            int retry) {
        Deployment deployment = plan.get(index);
        ProviderEntry provider = providers.get(deployment.provider());
        ProviderRequest providerRequest = new ProviderRequest(deployment.model(), call.request.messages(),
                call.request.params().withDefaults(deployment.params()), provider.timeout.get());
        Instant startedAt = clock.instant();
        long started = nanoTime.getAsLong();
        return provider.limiter.acquire()
                .thenCompose(slot -> send(provider, providerRequest))
                .handle((response, error) -> {
                    long elapsed = nanoTime.getAsLong() - started;
                    if (error == null) {
                        router.recordSuccess(deployment);
                        call.record(deployment, startedAt, elapsed, null, response);
                        return CompletableFuture.completedFuture(call.succeed(deployment, response));
                    }
                    LlmException failure = classify(error);
                    router.recordFailure(profile, deployment, failure);
                    call.record(deployment, startedAt, elapsed, failure, null);
                    return next(call, profile, plan, index, retry, failure);
                })
                .thenCompose(future -> future);
    }

    private CompletableFuture<ProviderResponse> send(ProviderEntry provider, ProviderRequest request) {
        CompletableFuture<ProviderResponse> response;
        try {
            response = provider.client.chat(request);
        } catch (RuntimeException e) {
            response = CompletableFuture.failedFuture(e);
        }
        return response.whenComplete((ignored, error) -> provider.limiter.release());
    }

    private CompletableFuture<ChatResponse> next(Call call, Profile profile, List<Deployment> plan, int index,
            int retry, LlmException failure) {
        Duration delay = retryDelay(profile, retry, failure);
        if (delay != null) {
            return delayer.after(delay).thenCompose(ignored -> attempt(call, profile, plan, index, retry + 1));
        }
        if (failure.errorCode().fallsBack() && index + 1 < plan.size()) {
            return attempt(call, profile, plan, index + 1, 0);
        }
        return CompletableFuture.failedFuture(call.fail(failure));
    }

    /** Returns how long to wait before retrying the same deployment, or null to move on. */
    private static Duration retryDelay(Profile profile, int retry, LlmException failure) {
        if (!failure.retryable() || retry >= profile.retry().maxRetries()) {
            return null;
        }
        Duration asked = failure.retryAfter().orElse(null);
        if (asked != null) {
            return asked.compareTo(profile.retry().maxRetryDelay()) <= 0 ? asked : null;
        }
        Duration backoff = profile.retry().backoff(retry + 1);
        long jittered = backoff.toMillis() / 2 + ThreadLocalRandom.current().nextLong(backoff.toMillis() / 2 + 1);
        return Duration.ofMillis(jittered);
    }

    private static LlmException classify(Throwable error) {
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof LlmException failure) {
            return failure;
        }
        return new LlmProviderError("provider client failed unexpectedly: " + cause.getClass().getName(), cause);
    }

    /** Changes the router policy for every call that starts from now on. */
    public void setRouterPolicy(RouterPolicy policy) {
        router.setPolicy(policy);
    }

    public RouterPolicy routerPolicy() {
        return router.policy();
    }

    /**
     * Changes a provider's concurrency limit and attempt timeout while the service runs. A null
     * argument keeps the current value.
     *
     * @throws IllegalArgumentException when the provider is not configured or a value is out of range
     */
    public void updateProvider(String name, Integer maxConcurrency, Duration timeout) {
        ProviderEntry entry = providers.get(name);
        if (entry == null) {
            throw new IllegalArgumentException("unknown provider '" + name + "'; configured providers: "
                    + providers.keySet().stream().sorted().toList());
        }
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("provider '" + name + "': timeout must be positive, got " + timeout);
        }
        if (maxConcurrency != null) {
            entry.limiter.setLimits(maxConcurrency, entry.client.settings().maxQueued());
        }
        if (timeout != null) {
            entry.timeout.set(timeout);
        }
    }

    /** Returns the live state of every provider: limits, timeout and load. */
    public List<ProviderState> providerStates() {
        List<ProviderState> states = new ArrayList<>();
        providers.values().stream().sorted(java.util.Comparator.comparing(entry -> entry.client.settings().name()))
                .forEach(entry -> states.add(new ProviderState(entry.client.settings().name(),
                        entry.client.settings().kind().id(), entry.limiter.maxConcurrency(), entry.timeout.get(),
                        entry.limiter.inFlight(), entry.limiter.queued())));
        return states;
    }

    public Map<String, Profile> profiles() {
        return profiles;
    }

    /**
     * A provider's live limits and load.
     *
     * @param name the configured name
     * @param kind the wire protocol
     * @param maxConcurrency the current concurrency limit
     * @param timeout the current attempt timeout
     * @param inFlight attempts under way
     * @param queued attempts waiting for a slot
     */
    public record ProviderState(String name, String kind, int maxConcurrency, Duration timeout, int inFlight,
            int queued) {
    }

    private static final class ProviderEntry {
        final ProviderClient client;
        final ConcurrencyLimiter limiter;
        final AtomicReference<Duration> timeout;

        ProviderEntry(ProviderClient client) {
            ProviderSettings settings = client.settings();
            this.client = client;
            this.limiter = new ConcurrencyLimiter(settings.name(), settings.maxConcurrency(), settings.maxQueued());
            this.timeout = new AtomicReference<>(settings.timeout());
        }
    }

    /** The state of one call across its attempts. Attempts of one call never overlap. */
    private final class Call {
        final String runId;
        final ChatRequest request;
        final Instant startedAt;
        final long started;
        final RunContext context;
        final List<AttemptRecord> attempts = new ArrayList<>(2);
        long providerNanos;

        final String workspaceId;
        final String stage;
        final String profile;

        Call(String runId, ChatRequest request, Instant startedAt, long started) {
            this.runId = runId;
            this.request = request;
            this.startedAt = startedAt;
            this.started = started;
            // The workspace, the stage and an unknown profile name are caller input that ends up
            // in logs and rows, so they are redacted like any other text. Configured profile names
            // are kept as they are.
            this.workspaceId = telemetry.redactor().redact(request.workspaceId());
            this.stage = telemetry.redactor().redact(request.stage());
            this.profile = profiles.containsKey(request.profile()) ? request.profile()
                    : telemetry.redactor().redact(request.profile());
            this.context = new RunContext(runId, workspaceId, stage, profile, request.messages());
        }

        synchronized void record(Deployment deployment, Instant attemptStarted, long elapsedNanos,
                LlmException failure, ProviderResponse response) {
            providerNanos += elapsedNanos;
            AttemptRecord attempt = new AttemptRecord(runId, attempts.size() + 1, deployment.provider(),
                    deployment.model(), attemptStarted, elapsedNanos / 1_000_000,
                    failure == null ? RunStatus.OK : RunStatus.ERROR,
                    failure == null ? null : failure.errorCode(),
                    failure == null ? null : telemetry.redactMessage(failure.getMessage()),
                    response == null ? Usage.UNKNOWN : response.usage());
            attempts.add(attempt);
            telemetry.attemptFinished(context, attempt);
        }

        synchronized ChatResponse succeed(Deployment deployment, ProviderResponse response) {
            long elapsed = nanoTime.getAsLong() - started;
            finish(deployment.provider(), deployment.model(), RunStatus.OK, null, elapsed,
                    telemetry.preview(response.text()));
            String text = telemetry.redactor().redactConfigured(response.text());
            return new ChatResponse(runId, text, response.finishReason(), response.usage(),
                    deployment.provider(), deployment.model(), Duration.ofNanos(elapsed),
                    Duration.ofNanos(providerNanos), attempts.size());
        }

        synchronized LlmException fail(LlmException failure) {
            long elapsed = nanoTime.getAsLong() - started;
            AttemptRecord last = attempts.isEmpty() ? null : attempts.get(attempts.size() - 1);
            finish(last == null ? null : last.provider(), last == null ? null : last.model(), RunStatus.ERROR, failure,
                    elapsed, null);
            failure.assignRunId(runId);
            return failure;
        }

        private void finish(String provider, String model, RunStatus status, LlmException failure, long elapsedNanos,
                String responsePreview) {
            Usage usage = Usage.UNKNOWN;
            for (AttemptRecord attempt : attempts) {
                usage = usage.plus(attempt.usage());
            }
            RunRecord run = new RunRecord(runId, startedAt, clock.instant(), workspaceId, stage, profile, provider,
                    model, status, failure == null ? null : failure.errorCode(),
                    failure == null ? null : telemetry.redactMessage(failure.getMessage()),
                    elapsedNanos / 1_000_000, usage, null, telemetry.promptPreview(request.messages()),
                    responsePreview, attempts);
            telemetry.runFinished(run);
            runSink.submit(run);
        }
    }

    /** Collects the providers, profiles and collaborators of an {@link LlmService}. */
    public static final class Builder {
        private final Map<String, ProviderEntry> providers = new LinkedHashMap<>();
        private final Map<String, Profile> profiles = new LinkedHashMap<>();
        private Telemetry telemetry;
        private RunSink runSink = RunSink.DISCARD;
        private RouterPolicy policy = RouterPolicy.DEFAULT;
        private Clock clock = Clock.systemUTC();
        private LongSupplier nanoTime = System::nanoTime;
        private Delayer delayer = Delayer.SYSTEM;

        private Builder() {
        }

        /** Adds a provider under its configured name. */
        public Builder provider(ProviderClient client) {
            String name = client.settings().name();
            if (providers.putIfAbsent(name, new ProviderEntry(client)) != null) {
                throw new IllegalArgumentException("provider '" + name + "' is configured twice");
            }
            return this;
        }

        public Builder profile(Profile profile) {
            if (profiles.putIfAbsent(profile.name(), profile) != null) {
                throw new IllegalArgumentException("profile '" + profile.name() + "' is configured twice");
            }
            return this;
        }

        public Builder telemetry(Telemetry telemetry) {
            this.telemetry = telemetry;
            return this;
        }

        public Builder runSink(RunSink runSink) {
            this.runSink = Objects.requireNonNull(runSink, "runSink");
            return this;
        }

        public Builder routerPolicy(RouterPolicy policy) {
            this.policy = policy;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Builder nanoTime(LongSupplier nanoTime) {
            this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
            return this;
        }

        public Builder delayer(Delayer delayer) {
            this.delayer = Objects.requireNonNull(delayer, "delayer");
            return this;
        }

        /**
         * Builds the service.
         *
         * @throws IllegalArgumentException when a profile names a provider that is not configured
         * @throws NullPointerException when no telemetry was set
         */
        public LlmService build() {
            return new LlmService(this);
        }
    }
}
