package dev.switchboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.error.ErrorCode;
import dev.switchboard.error.LlmAuthError;
import dev.switchboard.error.LlmBadRequest;
import dev.switchboard.error.LlmContentBlocked;
import dev.switchboard.error.LlmException;
import dev.switchboard.error.LlmProviderError;
import dev.switchboard.error.LlmRateLimited;
import dev.switchboard.error.LlmTimeout;
import dev.switchboard.error.LlmUnavailable;
import dev.switchboard.provider.ProviderKind;
import dev.switchboard.provider.ProviderResponse;
import dev.switchboard.provider.ProviderSettings;
import dev.switchboard.routing.Deployment;
import dev.switchboard.routing.Profile;
import dev.switchboard.routing.RetryPolicy;
import dev.switchboard.routing.RouterPolicy;
import dev.switchboard.routing.RoutingMode;
import dev.switchboard.run.AttemptRecord;
import dev.switchboard.run.RunRecord;
import dev.switchboard.run.RunStatus;
import dev.switchboard.telemetry.Telemetry;
import dev.switchboard.testing.RecordingSink;
import dev.switchboard.testing.ScriptedProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LlmServiceTest {

    private final ScriptedProvider primary = new ScriptedProvider("primary");
    private final ScriptedProvider secondary = new ScriptedProvider("secondary");
    private final RecordingSink sink = new RecordingSink();
    private final List<Duration> delays = new CopyOnWriteArrayList<>();
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    private LlmService service(Profile... profiles) {
        LlmService.Builder builder = LlmService.builder()
                .provider(primary)
                .provider(secondary)
                .telemetry(Telemetry.standalone(List.of("sk-test-configured-key-000000000")))
                .runSink(sink)
                .nanoTime(nanos::get)
                .delayer(delay -> {
                    delays.add(delay);
                    return CompletableFuture.completedFuture(null);
                });
        for (Profile profile : profiles) {
            builder.profile(profile);
        }
        return builder.build();
    }

    private static Profile twoDeployments(RetryPolicy retry) {
        return Profile.ordered("summarize", Deployment.of("primary", "model-a"), Deployment.of("secondary", "model-b"))
                .withRetry(retry);
    }

    private static ChatRequest request(String profile) {
        return ChatRequest.builder("ws-1", "summarize", profile).system("Be brief.").user("Summarize this.").build();
    }

    @Test
    void firstDeploymentAnswersWithOneAttempt() {
        ChatResponse response = service(twoDeployments(RetryPolicy.NONE)).chat(request("summarize"));

        assertThat(response.text()).isEqualTo("primary answered model-a");
        assertThat(response.provider()).isEqualTo("primary");
        assertThat(response.model()).isEqualTo("model-a");
        assertThat(response.attempts()).isEqualTo(1);
        assertThat(UUID.fromString(response.llmRunId()).version()).isEqualTo(7);
        RunRecord run = sink.last();
        assertThat(run.llmRunId()).isEqualTo(response.llmRunId());
        assertThat(run.status()).isEqualTo(RunStatus.OK);
        assertThat(run.workspaceId()).isEqualTo("ws-1");
        assertThat(run.usage().totalTokens()).hasValue(15);
        assertThat(run.costUsd()).isNull();
        assertThat(run.responsePreview()).isEqualTo("primary answered model-a");
        assertThat(run.promptPreview()).isEqualTo("system: Be brief.\nuser: Summarize this.");
    }

    static Stream<Arguments> fallbackFailures() {
        return Stream.of(
                Arguments.of(new LlmUnavailable("connection refused")),
                Arguments.of(new LlmTimeout("no response")),
                Arguments.of(new LlmRateLimited("quota", Duration.ofSeconds(30))),
                Arguments.of(new LlmRateLimited("daily quota", null, true)),
                Arguments.of(new LlmProviderError("malformed body")));
    }

    @ParameterizedTest(name = "{0} falls back to the next deployment")
    @MethodSource("fallbackFailures")
    void retryableFailureFallsBack(LlmException failure) {
        primary.thenFail(failure);

        ChatResponse response = service(twoDeployments(RetryPolicy.NONE)).chat(request("summarize"));

        assertThat(response.provider()).isEqualTo("secondary");
        assertThat(response.attempts()).isEqualTo(2);
        RunRecord run = sink.last();
        assertThat(run.status()).isEqualTo(RunStatus.OK);
        assertThat(run.attempts()).extracting(AttemptRecord::status).containsExactly(RunStatus.ERROR, RunStatus.OK);
        assertThat(run.attempts().get(0).errorCode()).isEqualTo(failure.errorCode());
        assertThat(run.attempts().get(0).provider()).isEqualTo("primary");
    }

    static Stream<Arguments> finalFailures() {
        return Stream.of(
                Arguments.of(new LlmAuthError("invalid key"), ErrorCode.AUTH),
                Arguments.of(new LlmBadRequest("bad temperature"), ErrorCode.BAD_REQUEST),
                Arguments.of(new LlmContentBlocked("blocked: SAFETY"), ErrorCode.CONTENT_BLOCKED));
    }

    @ParameterizedTest(name = "{1} does not fall back")
    @MethodSource("finalFailures")
    void nonRetryableFailureEndsTheRun(LlmException failure, ErrorCode code) {
        primary.thenFail(failure);
        LlmService service = service(twoDeployments(RetryPolicy.DEFAULT));

        assertThatThrownBy(() -> service.chat(request("summarize")))
                .isSameAs(failure)
                .satisfies(e -> assertThat(((LlmException) e).llmRunId()).isEqualTo(sink.last().llmRunId()));
        assertThat(secondary.requests()).isEmpty();
        assertThat(primary.requests()).hasSize(1);
        assertThat(sink.last().status()).isEqualTo(RunStatus.ERROR);
        assertThat(sink.last().errorCode()).isEqualTo(code);
        assertThat(sink.last().provider()).isEqualTo("primary");
    }

    @Test
    void rateLimitIsRetriedAfterTheProvidersDelay() {
        primary.thenFail(new LlmRateLimited("slow down", Duration.ofSeconds(2)));
        RetryPolicy retry = new RetryPolicy(1, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(5));

        ChatResponse response = service(twoDeployments(retry)).chat(request("summarize"));

        assertThat(delays).containsExactly(Duration.ofSeconds(2));
        assertThat(response.provider()).isEqualTo("primary");
        assertThat(response.attempts()).isEqualTo(2);
        assertThat(secondary.requests()).isEmpty();
    }

    @Test
    void retryDelayLongerThanTheCapFallsBackWithoutWaiting() {
        primary.thenFail(new LlmRateLimited("slow down", Duration.ofSeconds(60)));
        RetryPolicy retry = new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(5));

        ChatResponse response = service(twoDeployments(retry)).chat(request("summarize"));

        assertThat(delays).isEmpty();
        assertThat(response.provider()).isEqualTo("secondary");
    }

    @Test
    void exhaustedQuotaIsNotRetriedOnTheSameDeployment() {
        primary.thenFail(new LlmRateLimited("daily cap", Duration.ofSeconds(1), true));

        ChatResponse response = service(twoDeployments(RetryPolicy.DEFAULT)).chat(request("summarize"));

        assertThat(delays).isEmpty();
        assertThat(primary.requests()).hasSize(1);
        assertThat(response.provider()).isEqualTo("secondary");
    }

    @Test
    void backoffGrowsAndStaysWithinTheCap() {
        primary.alwaysFail(new LlmUnavailable("503"));
        secondary.alwaysFail(new LlmUnavailable("503"));
        RetryPolicy retry = new RetryPolicy(3, Duration.ofMillis(200), Duration.ofMillis(500), Duration.ofSeconds(5));

        assertThatThrownBy(() -> service(twoDeployments(retry)).chat(request("summarize")))
                .isInstanceOf(LlmUnavailable.class);

        assertThat(primary.requests()).hasSize(4);
        assertThat(secondary.requests()).hasSize(4);
        assertThat(delays).hasSize(6);
        assertThat(delays.subList(0, 3)).allSatisfy(delay -> assertThat(delay).isBetween(Duration.ofMillis(100),
                Duration.ofMillis(500)));
        assertThat(delays.get(2)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
        assertThat(sink.last().attempts()).hasSize(8);
        assertThat(sink.last().attempts()).extracting(AttemptRecord::attempt)
                .containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
    }

    @Test
    void unknownProfileIsABadRequestThatIsStillRecorded() {
        LlmService service = service(twoDeployments(RetryPolicy.NONE));

        assertThatThrownBy(() -> service.chat(request("nope")))
                .isInstanceOf(LlmBadRequest.class)
                .hasMessageContaining("unknown profile 'nope'")
                .hasMessageContaining("[summarize]");
        assertThat(sink.last().status()).isEqualTo(RunStatus.ERROR);
        assertThat(sink.last().attempts()).isEmpty();
        assertThat(sink.last().provider()).isNull();
    }

    @Test
    void preferredProviderMovesItsDeploymentsFirst() {
        LlmService service = service(twoDeployments(RetryPolicy.NONE));

        service.setRouterPolicy(new RouterPolicy("secondary"));
        ChatResponse preferred = service.chat(request("summarize"));
        service.setRouterPolicy(RouterPolicy.DEFAULT);
        ChatResponse restored = service.chat(request("summarize"));

        assertThat(preferred.provider()).isEqualTo("secondary");
        assertThat(restored.provider()).isEqualTo("primary");
    }

    @Test
    void deploymentInCooldownIsSkippedUntilItEnds() {
        primary.thenFail(new LlmRateLimited("slow down", Duration.ofSeconds(30)));
        LlmService service = service(twoDeployments(RetryPolicy.NONE));

        service.chat(request("summarize"));
        ChatResponse during = service.chat(request("summarize"));
        nanos.addAndGet(Duration.ofSeconds(31).toNanos());
        ChatResponse after = service.chat(request("summarize"));

        assertThat(during.provider()).isEqualTo("secondary");
        assertThat(during.attempts()).isEqualTo(1);
        assertThat(after.provider()).isEqualTo("primary");
        assertThat(primary.requests()).hasSize(2);
    }

    @Test
    void consecutiveFailuresStartACooldown() {
        primary.alwaysFail(new LlmUnavailable("503"));
        Profile profile = twoDeployments(RetryPolicy.NONE).withCooldown(Duration.ofSeconds(10));
        LlmService service = service(profile);

        for (int i = 0; i < Profile.DEFAULT_COOLDOWN_AFTER + 2; i++) {
            service.chat(request("summarize"));
        }

        assertThat(primary.requests()).hasSize(Profile.DEFAULT_COOLDOWN_AFTER);
    }

    @Test
    void zeroCooldownNeverSkipsADeployment() {
        primary.alwaysFail(new LlmRateLimited("slow down", Duration.ofSeconds(30)));
        LlmService service = service(twoDeployments(RetryPolicy.NONE).withCooldown(Duration.ZERO));

        for (int i = 0; i < 5; i++) {
            service.chat(request("summarize"));
        }

        assertThat(primary.requests()).hasSize(5);
    }

    @Test
    void everyDeploymentCoolingDownStillGetsTried() {
        primary.thenFail(new LlmRateLimited("slow down", Duration.ofSeconds(30)));
        secondary.thenFail(new LlmRateLimited("slow down", Duration.ofSeconds(30)));
        LlmService service = service(twoDeployments(RetryPolicy.NONE));
        assertThatThrownBy(() -> service.chat(request("summarize"))).isInstanceOf(LlmRateLimited.class);

        ChatResponse response = service.chat(request("summarize"));

        assertThat(response.provider()).isEqualTo("primary");
    }

    @Test
    void balancedProfileSpreadsByWeight() {
        Profile balanced = new Profile("summarize", List.of(new Deployment("primary", "a", null, 3),
                new Deployment("secondary", "b", null, 1)), RoutingMode.BALANCED, RetryPolicy.NONE, Duration.ZERO, 1);
        LlmService service = service(balanced);

        int primaryCount = 0;
        for (int i = 0; i < 4000; i++) {
            if (service.chat(request("summarize")).provider().equals("primary")) {
                primaryCount++;
            }
        }

        assertThat(primaryCount).isBetween(2700, 3300);
    }

    @Test
    void requestParamsOverrideDeploymentDefaults() {
        Deployment withDefaults = new Deployment("primary", "model-a",
                new GenerationParams(0.1, null, 256, null, null, null), 1);
        LlmService service = service(Profile.ordered("summarize", withDefaults));

        service.chat(ChatRequest.builder("ws", "s", "summarize").user("hi")
                .params(new GenerationParams(0.9, null, null, null, null, null)).build());

        GenerationParams sent = primary.requests().get(0).params();
        assertThat(sent.temperature()).isEqualTo(0.9);
        assertThat(sent.maxOutputTokens()).isEqualTo(256);
    }

    @Test
    void liveTimeoutAndConcurrencyChangesApplyToTheNextAttempt() {
        LlmService service = service(twoDeployments(RetryPolicy.NONE));

        service.updateProvider("primary", 3, Duration.ofSeconds(90));
        service.chat(request("summarize"));

        assertThat(primary.requests().get(0).timeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(service.providerStates()).filteredOn(state -> state.name().equals("primary"))
                .singleElement().satisfies(state -> assertThat(state.maxConcurrency()).isEqualTo(3));
        assertThatThrownBy(() -> service.updateProvider("nope", 1, null))
                .hasMessageContaining("unknown provider 'nope'");
    }

    @Test
    void concurrencyLimitQueuesAttemptsBeyondIt() {
        ProviderSettings limited = new ProviderSettings("limited", ProviderKind.OPENAI,
                java.net.URI.create("http://127.0.0.1:9/v1"), null, Duration.ofSeconds(5), 2, 10);
        ScriptedProvider slow = new ScriptedProvider(limited);
        List<CompletableFuture<ProviderResponse>> pending = new CopyOnWriteArrayList<>();
        slow.always(request -> {
            CompletableFuture<ProviderResponse> future = new CompletableFuture<>();
            pending.add(future);
            return future;
        });
        LlmService service = LlmService.builder().provider(slow)
                .profile(Profile.ordered("p", Deployment.of("limited", "m")))
                .telemetry(Telemetry.standalone(List.of()))
                .build();

        List<CompletableFuture<ChatResponse>> calls = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            calls.add(service.chatAsync(request("p")));
        }

        assertThat(slow.requests()).hasSize(2);
        assertThat(service.providerStates().get(0).queued()).isEqualTo(3);
        pending.get(0).complete(ScriptedProvider.answer("one"));
        assertThat(slow.requests()).hasSize(3);
        for (int round = 0; round < 5; round++) {
            pending.forEach(future -> future.complete(ScriptedProvider.answer("x")));
        }

        assertThat(slow.requests()).hasSize(5);
        assertThat(calls).allSatisfy(call -> assertThat(call).isCompleted());
        assertThat(service.providerStates().get(0).inFlight()).isZero();
    }

    @Test
    void fullQueueFailsAsUnavailableAndFallsBack() {
        ProviderSettings limited = new ProviderSettings("limited", ProviderKind.OPENAI,
                java.net.URI.create("http://127.0.0.1:9/v1"), null, Duration.ofSeconds(5), 1, 0);
        ScriptedProvider stuck = new ScriptedProvider(limited).always(request -> new CompletableFuture<>());
        LlmService service = LlmService.builder().provider(stuck).provider(secondary)
                .profile(Profile.ordered("p", Deployment.of("limited", "m"), Deployment.of("secondary", "b"))
                        .withRetry(RetryPolicy.NONE))
                .telemetry(Telemetry.standalone(List.of()))
                .runSink(sink)
                .build();

        service.chatAsync(request("p"));
        ChatResponse second = service.chat(request("p"));

        assertThat(second.provider()).isEqualTo("secondary");
        assertThat(sink.last().attempts().get(0).errorMessage()).contains("concurrency limit of 1");
    }

    @Test
    void unexpectedClientExceptionBecomesProviderError() {
        primary.always(request -> {
            throw new IllegalStateException("bug in a client");
        });

        ChatResponse response = service(twoDeployments(RetryPolicy.NONE)).chat(request("summarize"));

        assertThat(response.provider()).isEqualTo("secondary");
        assertThat(sink.last().attempts().get(0).errorCode()).isEqualTo(ErrorCode.PROVIDER_ERROR);
    }

    @Test
    void configuredKeyInAFailureMessageIsRedactedInTheRecord() {
        primary.thenFail(new LlmAuthError("rejected key sk-test-configured-key-000000000"));

        assertThatThrownBy(() -> service(twoDeployments(RetryPolicy.NONE)).chat(request("summarize")));

        assertThat(sink.last().errorMessage()).doesNotContain("sk-test-configured-key-000000000");
        assertThat(sink.last().attempts().get(0).errorMessage()).doesNotContain("sk-test-configured-key-000000000");
    }

    @Test
    void configuredKeyEchoedByTheModelIsRemovedFromTheAnswer() {
        primary.thenAnswer("your key is sk-test-configured-key-000000000, keep it safe");

        ChatResponse response = service(twoDeployments(RetryPolicy.NONE)).chat(request("summarize"));

        assertThat(response.text()).isEqualTo("your key is [REDACTED:configured_secret], keep it safe");
    }

    @Test
    void profileNamingAnUnknownProviderIsRejectedAtBuild() {
        assertThatThrownBy(() -> service(Profile.ordered("p", Deployment.of("ghost", "m"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("provider 'ghost', which is not configured");
    }
}
