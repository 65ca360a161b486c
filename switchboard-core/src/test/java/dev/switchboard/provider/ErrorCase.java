package dev.switchboard.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.error.LlmException;
import dev.switchboard.error.LlmRateLimited;
import dev.switchboard.testing.StubResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * One row of an error-mapping table: what the stub sends and how the client must classify it.
 *
 * @param reason what the row checks, shown as the test name
 * @param response the stub's response
 * @param expected the exception class the client must fail with
 * @param retryAfter the delay an {@link LlmRateLimited} must carry, or null for none
 * @param quotaExhausted whether an {@link LlmRateLimited} must report an exhausted quota
 */
record ErrorCase(String reason, StubResponse response, Class<? extends LlmException> expected, Duration retryAfter,
        boolean quotaExhausted) {

    static ErrorCase of(String reason, int status, String json, Class<? extends LlmException> expected) {
        return new ErrorCase(reason, StubResponse.json(status, json), expected, null, false);
    }

    static ErrorCase rateLimited(String reason, StubResponse response, Duration retryAfter, boolean quotaExhausted) {
        return new ErrorCase(reason, response, LlmRateLimited.class, retryAfter, quotaExhausted);
    }

    /** Checks the class, the retry delay and the quota flag of {@code failure} against this row. */
    void assertMatches(LlmException failure) {
        assertThat(failure).isExactlyInstanceOf(expected);
        assertThat(failure.retryAfter()).isEqualTo(Optional.ofNullable(retryAfter));
        if (failure instanceof LlmRateLimited rateLimited) {
            assertThat(rateLimited.quotaExhausted()).isEqualTo(quotaExhausted);
        }
    }

    @Override
    public String toString() {
        return reason;
    }
}
