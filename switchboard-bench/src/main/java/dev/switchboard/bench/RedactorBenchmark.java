package dev.switchboard.bench;

import dev.switchboard.telemetry.Redactor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Cost of {@link Redactor#redact} on prompt-sized texts, with the three configured credentials
 * of {@link SampleTexts#CONFIGURED_SECRETS}. The texts with secrets contain two of them plus an
 * e-mail address, a phone number, an AWS key id and a bearer token.
 */
@State(Scope.Benchmark)
public class RedactorBenchmark {

    @Param({"1024", "8192"})
    int chars;

    @Param({"false", "true"})
    boolean secrets;

    private Redactor redactor;
    private String text;

    @Setup
    public void setUp() {
        redactor = Redactor.create(SampleTexts.CONFIGURED_SECRETS);
        text = secrets ? SampleTexts.withSecrets(chars) : SampleTexts.plain(chars);
    }

    @Benchmark
    public String redact() {
        return redactor.redact(text);
    }
}
