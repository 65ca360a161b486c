package dev.switchboard.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Cost of the metric updates of one attempt alone: {@code Telemetry.attemptFinished} with the
 * {@code switchboard.llm} logger off, so it updates the Prometheus meters and returns after one
 * level check.
 */
@State(Scope.Benchmark)
public class MetricsBenchmark {

    private CallFixture call;

    @Setup(Level.Trial)
    public void setUp() {
        call = new CallFixture();
        LogSink.OFF.install();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        LogSink.OFF.uninstall();
    }

    @Benchmark
    public void attemptMetrics() {
        call.telemetry.attemptFinished(call.context, call.succeededAttempt);
    }
}
