package dev.switchboard.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.error.ErrorCode;
import dev.switchboard.error.LlmException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ErrorFactoryTest {

    private final ErrorFactory errors = new ErrorFactory("gemini-main", "gemini-2.5-flash", "example.test:443",
            List.of("secret-key-value", "https://example.test/v1beta/models/x:generateContent"));

    @Test
    void messageStartsWithProviderModelAndEndpoint() {
        LlmException failure = errors.badRequest("HTTP 400, request rejected", "bad field");

        assertThat(failure.getMessage()).isEqualTo("gemini-main model 'gemini-2.5-flash' at example.test:443: "
                + "HTTP 400, request rejected: \"bad field\"");
    }

    @Test
    void quoteCollapsesWhitespace() {
        LlmException failure = errors.providerError("failed", "  line one\n\n\tline two  ");

        assertThat(failure.getMessage()).endsWith(": \"line one line two\"");
    }

    @Test
    void quoteIsCutAfter300Characters() {
        LlmException failure = errors.providerError("failed", "a".repeat(299) + "bcdef");

        assertThat(failure.getMessage()).endsWith(": \"" + "a".repeat(299) + "b…\"");
    }

    @Test
    void quoteDoesNotSplitSurrogatePair() {
        LlmException failure = errors.providerError("failed", "a".repeat(299) + "😀tail");

        assertThat(failure.getMessage()).endsWith(": \"" + "a".repeat(299) + "…\"");
    }

    @Test
    void quoteRemovesKeyAndUrl() {
        LlmException failure = errors.auth("HTTP 400", "key secret-key-value rejected at "
                + "https://example.test/v1beta/models/x:generateContent");

        assertThat(failure.getMessage()).doesNotContain("secret-key-value").doesNotContain("/v1beta");
        assertThat(failure.getMessage()).endsWith(": \"key [REDACTED] rejected at [REDACTED]\"");
    }

    @Test
    void blankProviderMessageIsLeftOut() {
        assertThat(errors.unavailable("HTTP 503", " \n ", null).getMessage()).endsWith(": HTTP 503");
        assertThat(errors.unavailable("HTTP 503", null, null).getMessage()).endsWith(": HTTP 503");
    }

    @Test
    void rateLimitNamesDelay() {
        assertThat(errors.rateLimited("HTTP 429", null, Duration.ofMillis(1250), false).getMessage())
                .endsWith(": HTTP 429, retry after 1.25s");
        assertThat(errors.rateLimited("HTTP 429", null, Duration.ofSeconds(22), false).getMessage())
                .endsWith(": HTTP 429, retry after 22s");
    }

    @ParameterizedTest(name = "HTTP {0}")
    @CsvSource({
            "400, BAD_REQUEST", "404, BAD_REQUEST", "409, BAD_REQUEST", "413, BAD_REQUEST", "422, BAD_REQUEST",
            "401, AUTH", "403, AUTH", "408, TIMEOUT", "504, TIMEOUT", "429, RATE_LIMITED",
            "500, UNAVAILABLE", "502, UNAVAILABLE", "503, UNAVAILABLE",
            "100, PROVIDER_ERROR", "204, PROVIDER_ERROR", "302, PROVIDER_ERROR", "402, PROVIDER_ERROR",
            "418, PROVIDER_ERROR", "501, PROVIDER_ERROR", "599, PROVIDER_ERROR"})
    void forStatusClassifiesByStatus(int status, ErrorCode expected) {
        LlmException failure = errors.forStatus(status, "LABEL", null, null);

        assertThat(failure.errorCode()).isEqualTo(expected);
        assertThat(failure.getMessage()).contains("HTTP " + status + " LABEL");
    }
}
