package dev.switchboard.bench;

import dev.switchboard.run.RunRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Cost of the telemetry that LlmService runs per attempt and per call, with the attempt events
 * encoded by the logstash encoder and written to a file or dropped after encoding (see
 * {@link LogSink}). Meters go to a Prometheus registry.
 */
@State(Scope.Benchmark)
public class TelemetryBenchmark {

    @Param({"FILE", "DISCARD"})
    LogSink sink;

    private CallFixture call;

    @Setup(Level.Trial)
    public void setUpCall() {
        call = new CallFixture();
    }

    /** Installs the sink for each iteration, so the FILE sink's file starts empty every time. */
    @Setup(Level.Iteration)
    public void installSink() {
        sink.install();
    }

    @TearDown(Level.Iteration)
    public void uninstallSink() {
        sink.uninstall();
    }

    /** Logs one successful attempt's INFO event with its key-value pairs and updates the metrics. */
    @Benchmark
    public void attemptFinished() {
        call.telemetry.attemptFinished(call.context, call.succeededAttempt);
    }

    /** Runs all telemetry of a call whose first attempt succeeded, with a 1 KB prompt and answer. */
    @Benchmark
    public RunRecord succeededCall() {
        return call.succeededCall();
    }

    /** Runs all telemetry of a call whose only attempt failed with a rate limit, message redaction included. */
    @Benchmark
    public RunRecord failedCall() {
        return call.failedCall();
    }
}
