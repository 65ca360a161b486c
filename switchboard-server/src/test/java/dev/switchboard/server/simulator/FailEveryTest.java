package dev.switchboard.server.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fail_every counter: the Nth, 2Nth… request for a model fails, whatever the timing. */
class FailEveryTest {

    private static final String CONFIG = """
            simulator:
              port: 0
              models:
                half-bad: {fault: unavailable, fail_every: 2}
                third-bad: {fault: server_error, fail_every: 3}
                all-bad: {fault: unavailable}
            """;

    private Simulator simulator;

    @AfterEach
    void stopSimulator() {
        if (simulator != null) {
            simulator.close();
        }
    }

    @Test
    void everySecondRequestFails() {
        simulator = Simulator.start(SimulatorConfig.parse(CONFIG));

        assertThat(statuses("half-bad", 6)).containsExactly(200, 503, 200, 503, 200, 503);
    }

    @Test
    void everyThirdRequestFails() {
        simulator = Simulator.start(SimulatorConfig.parse(CONFIG));

        assertThat(statuses("third-bad", 7)).containsExactly(200, 200, 500, 200, 200, 500, 200);
    }

    @Test
    void withoutFailEveryEveryRequestFails() {
        simulator = Simulator.start(SimulatorConfig.parse(CONFIG));

        assertThat(statuses("all-bad", 3)).containsExactly(503, 503, 503);
    }

    @Test
    void sequenceRestartsWithEachSimulator() {
        simulator = Simulator.start(SimulatorConfig.parse(CONFIG));
        statuses("half-bad", 1);
        simulator.close();

        simulator = Simulator.start(SimulatorConfig.parse(CONFIG));

        assertThat(statuses("half-bad", 2)).containsExactly(200, 503);
    }

    @Test
    void counterIsSharedAcrossProviders() {
        simulator = Simulator.start(SimulatorConfig.parse(CONFIG));
        WireClient wire = new WireClient(simulator);

        int first = wire.post("/v1/chat/completions", openAiBody("half-bad")).statusCode();
        int second = wire.post("/v1beta/models/half-bad:generateContent",
                "{\"contents\":[{\"parts\":[{\"text\":\"hi\"}]}]}").statusCode();
        int third = wire.post("/api/chat",
                "{\"model\":\"half-bad\",\"stream\":false,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .statusCode();
        int fourth = wire.post("/api/chat",
                "{\"model\":\"half-bad\",\"stream\":false,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .statusCode();

        assertThat(List.of(first, second, third, fourth)).containsExactly(200, 503, 200, 503);
    }

    @Test
    void concurrentRequestsFailExactlyHalf() throws Exception {
        simulator = Simulator.start(SimulatorConfig.parse(CONFIG));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/v1/chat/completions"))
                .POST(HttpRequest.BodyPublishers.ofString(openAiBody("half-bad")))
                .build();
        List<CompletableFuture<HttpResponse<Void>>> calls = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            calls.add(http.sendAsync(request, HttpResponse.BodyHandlers.discarding()));
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

        long failed = calls.stream().filter(call -> call.join().statusCode() == 503).count();
        long answered = calls.stream().filter(call -> call.join().statusCode() == 200).count();
        assertThat(failed).isEqualTo(100);
        assertThat(answered).isEqualTo(100);
    }

    private List<Integer> statuses(String model, int count) {
        WireClient wire = new WireClient(simulator);
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            statuses.add(wire.post("/v1/chat/completions", openAiBody(model)).statusCode());
        }
        return statuses;
    }

    private static String openAiBody(String model) {
        return """
                {"model":"%s","messages":[{"role":"user","content":"hi"}]}""".formatted(model);
    }
}
