package dev.switchboard.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SimulateCommandTest {

    private static final Pattern ADDRESS = Pattern.compile("listening on (http://127\\.0\\.0\\.1:(\\d+))");
    private static final String KEY = "sim-command-key-6a2c";

    @Test
    void runsUntilInterruptedAndStopsCleanly(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("switchboard.yaml");
        Files.writeString(config, """
                gateway:
                  port: 8080
                simulator:
                  port: 9100
                  api_keys: ["%s"]
                  models:
                    gemini-quota: {fault: rate_limited, retry_delay: 20s, quota: per_minute}
                    half-bad: {fault: unavailable, fail_every: 2}
                """.formatted(KEY));
        SharedWriter out = new SharedWriter();
        CommandLine command = new CommandLine(new SimulateCommand());
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(new StringWriter(), true));

        Thread runner = new Thread(() -> out.exitCode = command.execute(
                "--config", config.toString(), "--port", "0"), "simulate-test");
        runner.start();
        Matcher address = awaitAddress(out);
        String baseUrl = address.group(1);
        int port = Integer.parseInt(address.group(2));

        HttpResponse<String> health = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(baseUrl + "/")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.body()).isEqualTo("Ollama is running");
        String startup = out.text().lines().findFirst().orElseThrow();
        assertThat(startup).contains("for drills, tests and benchmarks");
        assertThat(startup).contains("gemini-quota=rate_limited");
        assertThat(startup).contains("half-bad=unavailable (every 2nd request)");
        assertThat(startup).doesNotContain(KEY);

        runner.interrupt();
        runner.join(TimeUnit.SECONDS.toMillis(30));

        assertThat(runner.isAlive()).isFalse();
        assertThat(out.exitCode).isZero();
        assertThat(out.text()).contains("switchboard-simulator stopped");
        assertThat(canConnect(port)).isFalse();
    }

    @Test
    void invalidConfigExitsWithUsageError(@TempDir Path dir) throws IOException {
        Path config = dir.resolve("bad.yaml");
        Files.writeString(config, "simulator:\n  models:\n    m: {fault: explode}\n");
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new SimulateCommand());
        command.setErr(new PrintWriter(err, true));

        int exitCode = command.execute("--config", config.toString());

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("simulator.models.m.fault", "explode", "rate_limited");
    }

    @Test
    void missingConfigFileExitsWithUsageError(@TempDir Path dir) {
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new SimulateCommand());
        command.setErr(new PrintWriter(err, true));

        int exitCode = command.execute("--config", dir.resolve("absent.yaml").toString());

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("config file not found");
    }

    @Test
    void portOutOfRangeExitsWithUsageError() {
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new SimulateCommand());
        command.setErr(new PrintWriter(err, true));

        int exitCode = command.execute("--port", "70000");

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("--port", "70000", "0 to 65535");
    }

    @Test
    void helpDescribesThePurposeAndOptions() {
        StringWriter out = new StringWriter();
        CommandLine command = new CommandLine(new SimulateCommand());
        command.setOut(new PrintWriter(out, true));

        int exitCode = command.execute("--help");

        assertThat(exitCode).isZero();
        assertThat(out.toString()).contains("drills, tests", "--config=FILE", "--port=N");
    }

    private static Matcher awaitAddress(SharedWriter out) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            Matcher matcher = ADDRESS.matcher(out.text());
            if (matcher.find()) {
                return matcher;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no startup line within 30 s; output so far: " + out.text());
    }

    private static boolean canConnect(int port) {
        try {
            new Socket("127.0.0.1", port).close();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Collects output written from the command's thread for the test thread to read. */
    private static final class SharedWriter extends Writer {

        private final StringBuffer buffer = new StringBuffer();
        private volatile int exitCode = -1;

        @Override
        public void write(char[] chars, int offset, int length) {
            buffer.append(chars, offset, length);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }

        String text() {
            return buffer.toString();
        }
    }
}
