package dev.switchboard.bench;

import dev.switchboard.ChatMessage;
import java.util.List;

/**
 * Deterministic prompt and response texts for the benchmarks: business prose mixed with a JSON
 * fragment, as LLM pipelines send them, with or without credentials and personal data.
 */
final class SampleTexts {

    /** Credentials as a gateway configures them: two provider keys and the gateway key. */
    static final List<String> CONFIGURED_SECRETS = List.of(
            "sk-proj-Qm7vX2pL9sT4wR8yK3nB6cF1hJ5dG0aZ",
            "AIzaSyD4kP8mN2qR6sT0vX3yZ7bC1eF5gH9jK",
            "sb-gw-7f3a9c2e4b6d8f0a1c3e5b7d9f2a4c6e");

    private static final String PROSE = """
            The quarterly review covered the delivery backlog for the Stuttgart plant. Orders from \
            the automotive segment grew by eleven percent, while the share of express shipments \
            fell after the new routing rules went live. The team agreed to move the hinge \
            assembly to the second line in March and to re-check the supplier contracts before \
            the renewal date. Open questions: whether the packaging change affects the damage \
            rate, and who owns the customs paperwork for the Swiss orders.
            """;

    private static final String JSON = """
            {"order_id":"PO-2024-1187","customer":"Hartmann Metallbau GmbH","currency":"EUR",\
            "items":[{"sku":"BR-B-12","qty":12,"unit_price":4.20},{"sku":"HS-40","qty":3,\
            "unit_price":17.50}],"delivery":{"method":"freight","fee":9.90,"eta_days":4},\
            "notes":"deliver to gate 3, call the warehouse before arrival"}
            """;

    /** Credentials and personal data of the kinds a redactor looks for; the first two are configured. */
    private static final List<String> SECRETS = List.of(
            " api_key=" + CONFIGURED_SECRETS.get(0) + " ",
            " x-goog-api-key: " + CONFIGURED_SECRETS.get(1) + " ",
            " contact anna.keller@example.com or +49 711 555 0134 ",
            " aws AKIAIOSFODNN7EXAMPLE token Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ3cy0xIn0.c2lnbmF0dXJl ");

    private SampleTexts() {
    }

    /** Returns a text of exactly {@code length} characters without secrets or personal data. */
    static String plain(int length) {
        StringBuilder text = new StringBuilder(length + PROSE.length() + JSON.length());
        int paragraph = 0;
        while (text.length() < length) {
            text.append(paragraph % 3 == 2 ? JSON : PROSE);
            paragraph++;
        }
        text.setLength(length);
        return text.toString();
    }

    /**
     * Returns a text of exactly {@code length} characters with each of the sample secrets
     * written over the plain text at evenly spaced offsets.
     *
     * @throws IllegalArgumentException when {@code length} is below 512, too short for the secrets
     */
    static String withSecrets(int length) {
        if (length < 512) {
            throw new IllegalArgumentException("texts with secrets need 512 characters or more, got " + length);
        }
        StringBuilder text = new StringBuilder(plain(length));
        int spacing = length / (SECRETS.size() + 1);
        for (int i = 0; i < SECRETS.size(); i++) {
            String secret = SECRETS.get(i);
            int offset = spacing * (i + 1) - secret.length() / 2;
            text.replace(offset, offset + secret.length(), secret);
        }
        return text.toString();
    }

    /** Returns a system and a user message of about {@code length} characters in total. */
    static List<ChatMessage> prompt(int length) {
        String system = "You are an operations assistant. Summarise the notes and list open questions.";
        return List.of(ChatMessage.system(system), ChatMessage.user(plain(Math.max(1, length - system.length()))));
    }
}
