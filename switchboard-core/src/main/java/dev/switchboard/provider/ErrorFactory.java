package dev.switchboard.provider;

import dev.switchboard.error.LlmAuthError;
import dev.switchboard.error.LlmBadRequest;
import dev.switchboard.error.LlmContentBlocked;
import dev.switchboard.error.LlmException;
import dev.switchboard.error.LlmProviderError;
import dev.switchboard.error.LlmRateLimited;
import dev.switchboard.error.LlmTimeout;
import dev.switchboard.error.LlmUnavailable;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Builds the exceptions of one attempt, so that every message has the same shape:
 * {@code <provider> model '<model>' at <host:port>: <what happened>[: "<provider's message>"]}.
 *
 * <p>The provider's message is quoted with whitespace collapsed, the configured key and the
 * request URL removed, and cut to {@link #MAX_QUOTED_CHARS} characters.
 */
final class ErrorFactory {

    /** The maximum length of the provider's error message quoted in an exception message. */
    static final int MAX_QUOTED_CHARS = 300;

    private final String model;
    private final String prefix;
    private final List<String> hidden;

    /**
     * @param hidden strings that must never appear in a message: the API key, the request URL and its path
     */
    ErrorFactory(String provider, String model, String endpoint, List<String> hidden) {
        this.model = model;
        this.prefix = provider + " model '" + model + "' at " + endpoint + ": ";
        this.hidden = hidden.stream().filter(Objects::nonNull).filter(value -> !value.isEmpty())
                .sorted((a, b) -> Integer.compare(b.length(), a.length())).toList();
    }

    /** Returns the model of the attempt. */
    String model() {
        return model;
    }

    LlmAuthError auth(String summary, String providerMessage) {
        return new LlmAuthError(message(summary, providerMessage));
    }

    LlmBadRequest badRequest(String summary, String providerMessage) {
        return new LlmBadRequest(message(summary, providerMessage));
    }

    LlmContentBlocked blocked(String summary, String providerMessage) {
        return new LlmContentBlocked(message(summary, providerMessage));
    }

    LlmProviderError providerError(String summary, String providerMessage) {
        return new LlmProviderError(message(summary, providerMessage));
    }

    LlmUnavailable unavailable(String summary, String providerMessage, Throwable cause) {
        return new LlmUnavailable(message(summary, providerMessage), cause);
    }

    LlmTimeout timeout(String summary, String providerMessage, Throwable cause) {
        return new LlmTimeout(message(summary, providerMessage), cause);
    }

    LlmRateLimited rateLimited(String summary, String providerMessage, Duration retryAfter, boolean quotaExhausted) {
        String delay = retryAfter == null ? "" : ", retry after " + format(retryAfter);
        return new LlmRateLimited(message(summary + delay, providerMessage), retryAfter, quotaExhausted);
    }

    /**
     * Classifies a non-2xx status that no provider-specific rule matched. 400, 404, 409, 413 and
     * 422 are bad requests, 401 and 403 auth errors, 408 and 504 timeouts, and 429 a rate limit.
     * 500, 502 and 503 are unavailable, and any other status is a provider error.
     *
     * @param status the HTTP status
     * @param label the provider's status name, such as {@code NOT_FOUND}, or null
     * @param providerMessage the provider's error message, or null
     * @param retryAfter the delay the provider asked for, or null
     */
    LlmException forStatus(int status, String label, String providerMessage, Duration retryAfter) {
        String summary = "HTTP " + status + (label == null || label.isBlank() ? "" : " " + label);
        return switch (status) {
            case 400, 409, 413, 422 -> badRequest(summary + ", request rejected", providerMessage);
            case 404 -> badRequest(summary + ", model or endpoint not found", providerMessage);
            case 401, 403 -> auth(summary + ", credentials rejected", providerMessage);
            case 408, 504 -> timeout(summary + ", the server gave up waiting", providerMessage, null);
            case 429 -> rateLimited(summary + ", rate limited", providerMessage, retryAfter, false);
            case 500, 502, 503 -> unavailable(summary + ", server unavailable", providerMessage, null);
            default -> providerError(summary + ", unexpected status", providerMessage);
        };
    }

    /** Removes the hidden strings from {@code text}, for text that is not the provider's own message. */
    String scrub(String text) {
        if (text == null) {
            return null;
        }
        String result = text;
        for (String value : hidden) {
            result = result.replace(value, "[REDACTED]");
        }
        return result;
    }

    /** Returns whether no message along the cause chain of {@code error} contains a hidden string. */
    boolean isClean(Throwable error) {
        Throwable t = error;
        for (int depth = 0; t != null && depth < 16; depth++, t = t.getCause()) {
            String text = t.getMessage();
            if (text != null && !text.equals(scrub(text))) {
                return false;
            }
        }
        return true;
    }

    private String message(String summary, String providerMessage) {
        String quoted = quote(providerMessage);
        return prefix + summary + (quoted == null ? "" : ": \"" + quoted + "\"");
    }

    private String quote(String providerMessage) {
        if (providerMessage == null) {
            return null;
        }
        String text = scrub(providerMessage).replaceAll("\\s+", " ").strip();
        if (text.isEmpty()) {
            return null;
        }
        if (text.length() > MAX_QUOTED_CHARS) {
            int end = MAX_QUOTED_CHARS;
            if (Character.isHighSurrogate(text.charAt(end - 1))) {
                end--;
            }
            text = text.substring(0, end) + "…";
        }
        return text;
    }

    /** Formats a delay as seconds with up to three decimals, such as {@code 22s} or {@code 0.25s}. */
    static String format(Duration delay) {
        long millis = delay.toMillis();
        if (millis % 1000 == 0) {
            return millis / 1000 + "s";
        }
        return BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString() + "s";
    }
}
