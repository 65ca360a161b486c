package dev.switchboard.telemetry;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Replaces secrets and personal data in text with {@code [REDACTED:<kind>]}.
 *
 * <p>Thread-safe and immutable.
 */
public final class Redactor {

    private final List<String> exactValues;

    private Redactor(Collection<String> exactValues) {
        List<String> values = new ArrayList<>();
        for (String value : exactValues) {
            if (value != null && value.length() >= 4) {
                values.add(value);
            }
        }
        values.sort(Comparator.comparingInt(String::length).reversed());
        this.exactValues = List.copyOf(values);
    }

    /**
     * Creates a redactor that also replaces each of {@code exactValues} (configured provider keys,
     * the gateway key) wherever it appears.
     */
    public static Redactor create(Collection<String> exactValues) {
        return new Redactor(exactValues);
    }

    /** Returns {@code text} with every recognised secret and personal datum replaced; null stays null. */
    public String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String result = text;
        for (String value : exactValues) {
            if (result.contains(value)) {
                result = result.replace(value, "[REDACTED:configured_secret]");
            }
        }
        return result;
    }
}
