package dev.switchboard.telemetry;

import java.util.Collection;

/**
 * Replaces secrets and personal data in text with {@code [REDACTED:<kind>]}, where the kind is a
 * {@link RedactionKind#label()}.
 *
 * <p>The redactor finds credentials with a known format (provider API keys, cloud and
 * source-hosting tokens, JWTs, private key blocks), values assigned to credential names
 * (passwords, {@code key=} parameters, {@code x-goog-api-key} headers, bearer tokens, URL user
 * info), personal data (email addresses, phone numbers, payment cards with a valid Luhn check,
 * IBANs with a valid mod-97 check, US social security numbers, IP addresses) and the exact
 * values it was created with; {@link ConfiguredSecrets} describes how short configured values
 * are treated. Ordinary prose, UUIDs, hexadecimal hashes, ISO timestamps, dates and version
 * strings stay untouched.
 *
 * <p>A text is read once, and each detector runs only where its pattern can start, so the cost
 * grows with the length of the text and not with the number of kinds. Placeholders match no
 * pattern, so redacting a redacted text keeps them. The new neighbours of a placeholder can
 * still complete a pattern that the original text did not, such as an IPv6 address that was
 * glued to a token.
 *
 * <p>Thread-safe and immutable.
 */
public final class Redactor {

    private final ConfiguredSecrets configured;

    private Redactor(Collection<String> exactValues) {
        this.configured = new ConfiguredSecrets(exactValues);
    }

    /**
     * Creates a redactor that also replaces each of {@code exactValues} (configured provider keys,
     * the gateway key) as {@code configured_secret}. Values of 8 or more characters are replaced
     * wherever they appear. Values of 4 to 7 characters that mix letters and digits are replaced
     * only as whole tokens, and shorter or single-class values are ignored, so that a short key
     * cannot eat ordinary words. Null and blank values are skipped.
     */
    public static Redactor create(Collection<String> exactValues) {
        return new Redactor(exactValues);
    }

    /**
     * Returns {@code text} with every recognised secret and personal datum replaced; null stays
     * null, and a text with nothing to replace is returned as the same instance.
     */
    public String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        char[] chars = text.toCharArray();
        Spans spans = new Spans();
        if (!configured.isEmpty()) {
            configured.find(text, chars, spans);
        }
        TokenDetector.privateKeys(text, chars, spans);
        new Scan(chars, spans).run();
        return spans.apply(text);
    }

    /**
     * Returns {@code text} with only the configured values replaced, for model answers that go
     * back to the caller: a model that echoes a provider key must not hand it out, while the
     * rest of the answer stays as the model wrote it. A text with nothing to replace is returned
     * as the same instance.
     */
    public String redactConfigured(String text) {
        if (text == null || text.isEmpty() || configured.isEmpty()) {
            return text;
        }
        Spans spans = new Spans();
        configured.find(text, text.toCharArray(), spans);
        return spans.apply(text);
    }
}
