package dev.switchboard.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.switchboard.ChatMessage;
import dev.switchboard.GenerationParams;
import dev.switchboard.Secret;
import dev.switchboard.error.LlmException;
import dev.switchboard.testing.StubHttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Shared fixtures and checks of the provider client tests. */
final class ProviderTestSupport {

    /** A key distinctive enough that any leak into a message or URL is found by a substring search. */
    static final String API_KEY = "sk-test-5ecr3tK3y-0123456789abcdef";
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);

    private static final JsonMapper JSON = new JsonMapper();

    private ProviderTestSupport() {
    }

    static ProviderSettings settings(String name, ProviderKind kind, URI baseUrl, boolean withKey) {
        return new ProviderSettings(name, kind, baseUrl, withKey ? Secret.of(API_KEY) : null,
                ProviderSettings.DEFAULT_TIMEOUT, ProviderSettings.DEFAULT_MAX_CONCURRENCY,
                ProviderSettings.DEFAULT_MAX_QUEUED);
    }

    static ProviderRequest request(String model, GenerationParams params, ChatMessage... messages) {
        return new ProviderRequest(model, List.of(messages), params, REQUEST_TIMEOUT);
    }

    static ProviderRequest hello(String model) {
        return request(model, GenerationParams.DEFAULT, ChatMessage.user("Say hello."));
    }

    /** Waits for the future and returns its value. The wait is bounded so that a hung client fails the test. */
    static <T> T answerOf(CompletableFuture<T> future) {
        try {
            return future.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("expected an answer, got " + e.getCause(), e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("the client did not complete the future", e);
        }
    }

    /** Waits for the future and returns the {@link LlmException} it failed with. */
    static LlmException failureOf(CompletableFuture<?> future) {
        try {
            Object value = future.get(60, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure, got " + value);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(LlmException.class);
            return (LlmException) e.getCause();
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("the client did not complete the future", e);
        }
    }

    /**
     * Checks the message rules every failure follows. The message starts with the provider name,
     * the model and the endpoint's host and port. Neither it nor any message down the cause chain
     * contains the key, the request path or query, or a request header.
     */
    static void assertSafeMessage(LlmException failure, String name, String model, StubHttpServer server,
            String requestPath) {
        assertThat(failure.getMessage()).startsWith(name + " model '" + model + "' at 127.0.0.1:" + server.port()
                + ": ");
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String text = String.valueOf(t.getMessage()) + " " + t;
            assertThat(text).doesNotContain(API_KEY);
            assertThat(text).doesNotContain(requestPath);
            assertThat(text).doesNotContain("?");
            assertThat(text).doesNotContainIgnoringCase("x-goog-api-key");
            assertThat(text).doesNotContainIgnoringCase("bearer");
        }
    }

    /** Writes {@code text} as a JSON string literal. */
    static String jsonString(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
