package dev.switchboard.server.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class SimulatorLifecycleTest {

    @Test
    void portZeroPicksAFreePort() {
        try (Simulator simulator = Simulator.start(SimulatorConfig.defaults().withPort(0))) {
            assertThat(simulator.port()).isPositive();
            assertThat(simulator.baseUrl()).isEqualTo("http://127.0.0.1:" + simulator.port());
            assertThat(new WireClient(simulator).get("/").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void takenPortFailsTheStart() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            SimulatorConfig config = SimulatorConfig.defaults().withPort(taken.getLocalPort());

            assertThatThrownBy(() -> Simulator.start(config))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("could not listen on 127.0.0.1:" + taken.getLocalPort());
        }
    }

    @Test
    void closeStopsListeningAndCanBeRepeated() {
        Simulator simulator = Simulator.start(SimulatorConfig.defaults().withPort(0));
        int port = simulator.port();

        simulator.close();
        simulator.close();

        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(IOException.class);
    }

    @Test
    void everyResponseNamesTheSimulator() {
        try (Simulator simulator = Simulator.start(SimulatorConfig.defaults().withPort(0))) {
            WireClient wire = new WireClient(simulator);

            for (HttpResponse<String> response : java.util.List.of(
                    wire.get("/"),
                    wire.get("/v1/models"),
                    wire.get("/v1beta/models"),
                    wire.get("/v1/unknown"),
                    wire.post("/v1/chat/completions", "{}"))) {
                assertThat(response.headers().firstValue("server")).hasValue("switchboard-simulator");
            }
        }
    }

    @Test
    void summaryNamesPurposeAddressAndFaults() {
        SimulatorConfig config = SimulatorConfig.parse("""
                simulator:
                  port: 0
                  api_keys: ["sim-summary-key"]
                  models:
                    gemini-quota: {fault: rate_limited, retry_delay: 20s, quota: per_minute}
                    half-bad: {fault: unavailable, fail_every: 2}
                    slow-model: {latency: 5s}
                    healthy: {}
                """);
        try (Simulator simulator = Simulator.start(config)) {
            String summary = simulator.summary();

            assertThat(summary).contains("simulator for drills, tests and benchmarks");
            assertThat(summary).contains("not a real LLM provider");
            assertThat(summary).contains(simulator.baseUrl());
            assertThat(summary).contains("gemini-quota=rate_limited (retry_delay 20s, per_minute)");
            assertThat(summary).contains("half-bad=unavailable (every 2nd request)");
            assertThat(summary).contains("slow-model latency 5s");
            assertThat(summary).doesNotContain("healthy");
            assertThat(summary).doesNotContain("sim-summary-key");
            assertThat(summary).doesNotContain("\n");
        }
    }

    @Test
    void recordedRequestsKeepOnlyTheLatest() {
        try (Simulator simulator = Simulator.start(SimulatorConfig.defaults().withPort(0))) {
            WireClient wire = new WireClient(simulator);
            for (int i = 0; i < Simulator.RECORDED_REQUESTS + 10; i++) {
                wire.get(i % 2 == 0 ? "/" : "/api/version");
            }

            assertThat(simulator.requestCount()).isEqualTo(Simulator.RECORDED_REQUESTS + 10);
            assertThat(simulator.recentRequests()).hasSize(Simulator.RECORDED_REQUESTS);
            assertThat(simulator.recentRequests().getLast().path()).isEqualTo("/api/version");
        }
    }

    @Test
    void closedSimulatorRefusesRequests() {
        Simulator simulator = Simulator.start(SimulatorConfig.defaults().withPort(0));
        WireClient wire = new WireClient(simulator);
        simulator.close();

        assertThatThrownBy(() -> wire.get("/")).isInstanceOf(UncheckedIOException.class);
    }
}
