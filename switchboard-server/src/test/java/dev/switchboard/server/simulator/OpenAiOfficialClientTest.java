package dev.switchboard.server.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.BadRequestException;
import com.openai.errors.InternalServerException;
import com.openai.errors.NotFoundException;
import com.openai.errors.OpenAIInvalidDataException;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.RateLimitException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.completions.CompletionUsage;
import com.openai.models.models.Model;
import dev.switchboard.provider.ProviderKind;
import dev.switchboard.server.simulator.RecordedRequest.Credential;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The official OpenAI Java SDK against the simulator's OpenAI-compatible endpoints. */
class OpenAiOfficialClientTest {

    private static final String KEY = "sim-openai-key-5d1e";
    private static final String CONFIG = """
            simulator:
              host: 127.0.0.1
              port: 0
              api_keys: ["%s"]
              models:
                gpt-sim: {}
                gpt-quota: {fault: rate_limited, retry_delay: 7s}
                gpt-daily: {fault: rate_limited, retry_delay: 90s, quota: per_day}
                gpt-503: {fault: unavailable}
                gpt-500: {fault: server_error}
                gpt-blocked: {fault: content_blocked}
                gpt-broken: {fault: malformed}
                gpt-reset: {fault: connection_reset}
                gpt-badkey: {fault: invalid_key}
                gpt-fixed: {reply: "Paris."}
            """.formatted(KEY);

    private static Simulator simulator;
    private static OpenAIClient client;

    @BeforeAll
    static void startSimulator() {
        simulator = Simulator.start(SimulatorConfig.parse(CONFIG));
        client = clientWithKey(KEY);
    }

    @AfterAll
    static void stopSimulator() {
        client.close();
        simulator.close();
    }

    @Test
    void chatCompletionCarriesTextUsageAndFinishReason() {
        ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("gpt-sim")
                .addSystemMessage("Be brief.")
                .addUserMessage("Name a prime number")
                .build());

        completion.validate();
        assertThat(completion.id()).startsWith("chatcmpl-");
        assertThat(completion.model()).isEqualTo("gpt-sim");
        assertThat(completion.created()).isPositive();
        ChatCompletion.Choice choice = completion.choices().getFirst();
        assertThat(choice.message().content()).hasValue("Simulated reply to: Name a prime number");
        assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        CompletionUsage usage = completion.usage().orElseThrow();
        // "Be brief." + "Name a prime number" is 28 characters, 7 tokens at 4 characters a token.
        assertThat(usage.promptTokens()).isEqualTo(7);
        assertThat(usage.completionTokens()).isEqualTo(10);
        assertThat(usage.totalTokens()).isEqualTo(17);
    }

    @Test
    void sdkUsesChatCompletionsPath() {
        client.chat().completions().create(params("gpt-fixed"));

        RecordedRequest request = lastRequestFor("gpt-fixed");
        assertThat(request.provider()).isEqualTo(ProviderKind.OPENAI);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/v1/chat/completions");
        assertThat(request.credential()).isEqualTo(Credential.AUTHORIZATION_BEARER);
        assertThat(request.userAgent()).contains("/Java ");
        assertThat(request.status()).isEqualTo(200);
    }

    @Test
    void fixedReplyIsReturnedVerbatim() {
        ChatCompletion completion = client.chat().completions().create(params("gpt-fixed"));

        assertThat(completion.choices().getFirst().message().content()).hasValue("Paris.");
        assertThat(completion.usage().orElseThrow().completionTokens()).isEqualTo(2);
    }

    @Test
    void rateLimitCarriesRetryHeaders() {
        RateLimitException e = catchThrowableOfType(RateLimitException.class,
                () -> client.chat().completions().create(params("gpt-quota")));

        assertThat(e.statusCode()).isEqualTo(429);
        assertThat(e.headers().values("retry-after")).containsExactly("7");
        assertThat(e.headers().values("retry-after-ms")).containsExactly("7000");
        assertThat(e.headers().values("x-ratelimit-reset-requests")).containsExactly("7s");
        assertThat(e.code()).hasValue("rate_limit_exceeded");
        assertThat(e.type()).hasValue("requests");
    }

    @Test
    void dailyQuotaBecomesInsufficientQuota() {
        RateLimitException e = catchThrowableOfType(RateLimitException.class,
                () -> client.chat().completions().create(params("gpt-daily")));

        assertThat(e.code()).hasValue("insufficient_quota");
        assertThat(e.type()).hasValue("insufficient_quota");
        assertThat(e.headers().values("retry-after")).containsExactly("90");
    }

    @Test
    void wrongKeyBecomesUnauthorizedException() {
        OpenAIClient wrong = clientWithKey("sim-wrong-key-77aa");
        try {
            UnauthorizedException e = catchThrowableOfType(UnauthorizedException.class,
                    () -> wrong.chat().completions().create(params("gpt-sim")));

            assertThat(e.statusCode()).isEqualTo(401);
            assertThat(e.code()).hasValue("invalid_api_key");
            assertThat(e.type()).hasValue("invalid_request_error");
            assertThat(e.getMessage()).doesNotContain("sim-wrong-key-77aa");
        } finally {
            wrong.close();
        }
    }

    @Test
    void invalidKeyFaultRejectsTheRightKey() {
        UnauthorizedException e = catchThrowableOfType(UnauthorizedException.class,
                () -> client.chat().completions().create(params("gpt-badkey")));

        assertThat(e.code()).hasValue("invalid_api_key");
    }

    @Test
    void unavailableBecomesInternalServerException503() {
        InternalServerException e = catchThrowableOfType(InternalServerException.class,
                () -> client.chat().completions().create(params("gpt-503")));

        assertThat(e.statusCode()).isEqualTo(503);
        assertThat(e.type()).hasValue("server_error");
    }

    @Test
    void serverErrorBecomesInternalServerException500() {
        InternalServerException e = catchThrowableOfType(InternalServerException.class,
                () -> client.chat().completions().create(params("gpt-500")));

        assertThat(e.statusCode()).isEqualTo(500);
    }

    @Test
    void contentBlockedEndsWithContentFilter() {
        ChatCompletion completion = client.chat().completions().create(params("gpt-blocked"));

        ChatCompletion.Choice choice = completion.choices().getFirst();
        assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.CONTENT_FILTER);
        assertThat(choice.message().content()).isEmpty();
        assertThat(completion.usage().orElseThrow().completionTokens()).isZero();
    }

    @Test
    void malformedBodyFailsJsonParsing() {
        OpenAIInvalidDataException e = catchThrowableOfType(OpenAIInvalidDataException.class,
                () -> client.chat().completions().create(params("gpt-broken")));

        assertThat(e).isNotNull();
    }

    @Test
    void connectionResetBecomesIoException() {
        OpenAIIoException e = catchThrowableOfType(OpenAIIoException.class,
                () -> client.chat().completions().create(params("gpt-reset")));

        assertThat(e).isNotNull();
        assertThat(lastRequestFor("gpt-reset").status()).isZero();
    }

    @Test
    void streamingRequestIsRejectedWithBadRequest() {
        BadRequestException e = catchThrowableOfType(BadRequestException.class, () -> {
            try (var stream = client.chat().completions().createStreaming(params("gpt-sim"))) {
                stream.stream().count();
            }
        });

        assertThat(e.param()).hasValue("stream");
        assertThat(e.getMessage()).contains("Streaming is not simulated yet");
    }

    @Test
    void modelListNamesConfiguredModels() {
        List<String> ids = client.models().list().data().stream().map(Model::id).toList();

        assertThat(ids).contains("gpt-sim", "gpt-quota", "gpt-fixed");
        assertThat(lastRequest().path()).isEqualTo("/v1/models");
    }

    @Test
    void unknownModelAnswersWhenModelsAreNotStrict() {
        ChatCompletion completion = client.chat().completions().create(params("gpt-not-configured"));

        assertThat(completion.model()).isEqualTo("gpt-not-configured");
    }

    @Test
    void strictModelsRejectUnknownModel() {
        try (Simulator strict = Simulator.start(SimulatorConfig.parse("""
                simulator:
                  port: 0
                  strict_models: true
                  models:
                    gpt-known: {}
                """))) {
            OpenAIClient strictClient = OpenAIOkHttpClient.builder()
                    .baseUrl(strict.baseUrl() + "/v1").apiKey("any").maxRetries(0).build();
            try {
                NotFoundException e = catchThrowableOfType(NotFoundException.class,
                        () -> strictClient.chat().completions().create(params("gpt-unknown")));

                assertThat(e.code()).hasValue("model_not_found");
                assertThat(strictClient.chat().completions().create(params("gpt-known")).model())
                        .isEqualTo("gpt-known");
            } finally {
                strictClient.close();
            }
        }
    }

    private static OpenAIClient clientWithKey(String key) {
        return OpenAIOkHttpClient.builder()
                .baseUrl(simulator.baseUrl() + "/v1")
                .apiKey(key)
                .maxRetries(0)
                .build();
    }

    private static ChatCompletionCreateParams params(String model) {
        return ChatCompletionCreateParams.builder().model(model).addUserMessage("What is the capital of France?")
                .build();
    }

    private static RecordedRequest lastRequest() {
        List<RecordedRequest> requests = simulator.recentRequests();
        return requests.getLast();
    }

    private static RecordedRequest lastRequestFor(String model) {
        return simulator.recentRequests().reversed().stream()
                .filter(request -> request.model().equals(model))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no recorded request for " + model));
    }
}
