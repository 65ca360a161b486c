package dev.switchboard.server.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.switchboard.provider.ProviderKind;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Each fault's status and body in each provider's shape, read with a raw HTTP client. */
class FaultWireTest {

    private static final String KEY = "sim-fault-key-0c2d";

    private static Simulator simulator;
    private static WireClient wire;

    @BeforeAll
    static void startSimulator() {
        simulator = Simulator.start(SimulatorConfig.parse("""
                simulator:
                  port: 0
                  api_keys: ["%s"]
                  models:
                    m-rate: {fault: rate_limited, retry_delay: 3s}
                    m-unavailable: {fault: unavailable}
                    m-invalid-key: {fault: invalid_key}
                    m-malformed: {fault: malformed}
                    m-blocked: {fault: content_blocked}
                    m-reset: {fault: connection_reset}
                    m-server-error: {fault: server_error}
                """.formatted(KEY)));
        wire = new WireClient(simulator);
    }

    @AfterAll
    static void stopSimulator() {
        simulator.close();
    }

    static Stream<Arguments> faultReplies() {
        return Stream.of(
                Arguments.of(ProviderKind.OPENAI, "m-rate", 429, "/error/code", "rate_limit_exceeded"),
                Arguments.of(ProviderKind.OPENAI, "m-unavailable", 503, "/error/type", "server_error"),
                Arguments.of(ProviderKind.OPENAI, "m-invalid-key", 401, "/error/code", "invalid_api_key"),
                Arguments.of(ProviderKind.OPENAI, "m-blocked", 200, "/choices/0/finish_reason", "content_filter"),
                Arguments.of(ProviderKind.OPENAI, "m-server-error", 500, "/error/type", "server_error"),
                Arguments.of(ProviderKind.GEMINI, "m-rate", 429, "/error/status", "RESOURCE_EXHAUSTED"),
                Arguments.of(ProviderKind.GEMINI, "m-rate", 429, "/error/details/2/retryDelay", "3s"),
                Arguments.of(ProviderKind.GEMINI, "m-unavailable", 503, "/error/status", "UNAVAILABLE"),
                Arguments.of(ProviderKind.GEMINI, "m-invalid-key", 400, "/error/details/0/reason", "API_KEY_INVALID"),
                Arguments.of(ProviderKind.GEMINI, "m-blocked", 200, "/promptFeedback/blockReason", "SAFETY"),
                Arguments.of(ProviderKind.GEMINI, "m-server-error", 500, "/error/status", "INTERNAL"),
                Arguments.of(ProviderKind.OLLAMA, "m-rate", 429, "/error", "rate limit exceeded, please retry in 3s"),
                Arguments.of(ProviderKind.OLLAMA, "m-unavailable", 503, "/error",
                        "server busy, please try again.  maximum pending requests exceeded"),
                Arguments.of(ProviderKind.OLLAMA, "m-invalid-key", 401, "/error", "unauthorized"),
                Arguments.of(ProviderKind.OLLAMA, "m-blocked", 200, "/message/content", OllamaWire.REFUSAL),
                Arguments.of(ProviderKind.OLLAMA, "m-server-error", 500, "/error",
                        "an error was encountered while running the model"));
    }

    @ParameterizedTest(name = "{0} {1} -> {2} {3}")
    @MethodSource("faultReplies")
    void faultHasProviderShape(ProviderKind provider, String model, int status, String pointer, String value) {
        HttpResponse<String> response = chat(provider, model);

        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("server")).hasValue("switchboard-simulator");
        assertThat(WireClient.json(response).at(pointer).asText()).isEqualTo(value);
    }

    @ParameterizedTest
    @EnumSource(ProviderKind.class)
    void malformedIsTruncatedJsonWithStatus200(ProviderKind provider) {
        HttpResponse<String> response = chat(provider, "m-malformed");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).startsWith("{");
        assertThatThrownBy(() -> WireClient.JSON.readTree(response.body()))
                .isInstanceOf(JsonProcessingException.class);
    }

    @ParameterizedTest
    @EnumSource(ProviderKind.class)
    void connectionResetSendsNoResponse(ProviderKind provider) {
        IOException failure = wire.postExpectingFailure(path(provider, "m-reset"), body(provider, "m-reset"),
                keyHeader(provider), keyValue(provider));

        assertThat(failure).isInstanceOf(IOException.class);
    }

    @ParameterizedTest
    @EnumSource(ProviderKind.class)
    void rateLimitRecordsTheFault(ProviderKind provider) {
        chat(provider, "m-rate");

        RecordedRequest request = simulator.recentRequests().getLast();
        assertThat(request.provider()).isEqualTo(provider);
        assertThat(request.fault()).isEqualTo(Fault.RATE_LIMITED);
        assertThat(request.status()).isEqualTo(429);
    }

    static HttpResponse<String> chat(ProviderKind provider, String model) {
        return wire.post(path(provider, model), body(provider, model), keyHeader(provider), keyValue(provider));
    }

    static String path(ProviderKind provider, String model) {
        return switch (provider) {
            case OPENAI -> "/v1/chat/completions";
            case GEMINI -> "/v1beta/models/" + model + ":generateContent";
            case OLLAMA -> "/api/chat";
        };
    }

    static String body(ProviderKind provider, String model) {
        return switch (provider) {
            case OPENAI -> """
                    {"model":"%s","messages":[{"role":"user","content":"Say hello"}]}""".formatted(model);
            case GEMINI -> """
                    {"contents":[{"role":"user","parts":[{"text":"Say hello"}]}]}""";
            case OLLAMA -> """
                    {"model":"%s","stream":false,"messages":[{"role":"user","content":"Say hello"}]}"""
                    .formatted(model);
        };
    }

    private static String keyHeader(ProviderKind provider) {
        return provider == ProviderKind.GEMINI ? "x-goog-api-key" : "authorization";
    }

    private static String keyValue(ProviderKind provider) {
        return provider == ProviderKind.GEMINI ? KEY : "Bearer " + KEY;
    }
}
