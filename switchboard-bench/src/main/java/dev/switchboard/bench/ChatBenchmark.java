package dev.switchboard.bench;

import dev.switchboard.ChatRequest;
import dev.switchboard.ChatResponse;
import dev.switchboard.FinishReason;
import dev.switchboard.LlmService;
import dev.switchboard.Secret;
import dev.switchboard.provider.ProviderKind;
import dev.switchboard.provider.ProviderResponse;
import dev.switchboard.provider.ProviderSettings;
import dev.switchboard.routing.Deployment;
import dev.switchboard.routing.Profile;
import dev.switchboard.run.RunSink;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Cost of {@link LlmService#chat} end to end without I/O: run id, routing, the concurrency
 * limiter, a provider client whose future is already complete, and all telemetry, with a 1 KB
 * prompt and answer. Finished runs go to {@link RunSink#DISCARD}.
 *
 * <p>TODO: the run store's enqueue ({@code RunStore.submit}, an offer to a bounded queue) has no
 * benchmark: JMH calls it far faster than any writer drains, so within one iteration the queue
 * fills and the measurement turns into one of the spill path.
 */
@State(Scope.Benchmark)
public class ChatBenchmark {

    @Param({"FILE", "DISCARD"})
    LogSink sink;

    private LlmService service;
    private ChatRequest request;

    @Setup(Level.Trial)
    public void setUpService() {
        CallFixture call = new CallFixture();
        ProviderSettings settings = ProviderSettings.of(CallFixture.PROVIDER, ProviderKind.OPENAI,
                "http://127.0.0.1:9/v1", Secret.of(SampleTexts.CONFIGURED_SECRETS.get(0)));
        ProviderResponse answer = new ProviderResponse(call.answer, FinishReason.STOP, call.usage);
        service = LlmService.builder()
                .provider(new InMemoryProviderClient(settings, answer))
                .profile(Profile.ordered(CallFixture.PROFILE, Deployment.of(CallFixture.PROVIDER, CallFixture.MODEL)))
                .telemetry(call.telemetry)
                .runSink(RunSink.DISCARD)
                .build();
        ChatRequest.Builder builder = ChatRequest.builder("ws-bench", "extract", CallFixture.PROFILE);
        call.prompt.forEach(builder::message);
        request = builder.build();
    }

    @Setup(Level.Iteration)
    public void installSink() {
        sink.install();
    }

    @TearDown(Level.Iteration)
    public void uninstallSink() {
        sink.uninstall();
    }

    @Benchmark
    public ChatResponse chat() {
        return service.chat(request);
    }
}
