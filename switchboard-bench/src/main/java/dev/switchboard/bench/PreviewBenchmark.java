package dev.switchboard.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Cost of the stored previews: {@code Telemetry.preview} of a 1 KB answer and
 * {@code Telemetry.promptPreview} of a 1 KB two-message prompt, both cut to the default 256
 * characters after redaction.
 */
@State(Scope.Benchmark)
public class PreviewBenchmark {

    private CallFixture call;

    @Setup
    public void setUp() {
        call = new CallFixture();
    }

    @Benchmark
    public String preview() {
        return call.telemetry.preview(call.answer);
    }

    @Benchmark
    public String promptPreview() {
        return call.telemetry.promptPreview(call.prompt);
    }
}
