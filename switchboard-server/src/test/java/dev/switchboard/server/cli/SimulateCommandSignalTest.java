package dev.switchboard.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** SIGTERM makes a running {@code simulate} command close the simulator before the JVM exits. */
class SimulateCommandSignalTest {

    private static final Pattern PORT = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");

    @Test
    @DisabledOnOs(OS.WINDOWS) // no SIGTERM and no kill command there
    void sigtermStopsTheSimulatorCleanly() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process process = new ProcessBuilder(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                "-Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener",
                SimulateCommandProcess.class.getName(), "--port", "0")
                .redirectErrorStream(true)
                .start();
        try {
            BufferedReader reader = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            List<String> lines = new ArrayList<>();
            int port = readPort(reader, lines);
            assertThat(canConnect(port)).isTrue();

            // Process.destroy() would also send SIGTERM, but it closes the output pipe before it can be read.
            Process kill = new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).start();
            assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            reader.lines().forEach(lines::add);

            assertThat(lines).anyMatch(line -> line.contains("switchboard-simulator stopped"));
            assertThat(canConnect(port)).isFalse();
        } finally {
            process.destroyForcibly();
        }
    }

    private static int readPort(BufferedReader reader, List<String> lines) throws IOException {
        // Bounded: the startup line comes within the first lines, and readLine ends when the process exits.
        for (int i = 0; i < 200; i++) {
            String line = reader.readLine();
            if (line == null) {
                break;
            }
            lines.add(line);
            Matcher matcher = PORT.matcher(line);
            if (matcher.find()) {
                return Integer.parseInt(matcher.group(1));
            }
        }
        throw new AssertionError("no startup line; output: " + String.join("\n", lines));
    }

    private static boolean canConnect(int port) {
        try {
            new Socket("127.0.0.1", port).close();
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
