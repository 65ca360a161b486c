package dev.switchboard.telemetry;

import static dev.switchboard.telemetry.Chars.TOKEN;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The configured credentials that a {@link Redactor} replaces by exact value.
 *
 * <p>A value of 8 or more characters is replaced wherever it occurs. A value of 4 to 7
 * characters is replaced only when it mixes letters and digits, and only where it appears as a
 * whole token (not next to a letter, digit, {@code -} or {@code _}), so that a short key such as
 * {@code dev1} does not eat parts of ordinary words. Shorter values, and 4 to 7 character values
 * of only letters or only digits, are ignored: they would match ordinary words and numbers, and
 * no provider issues keys that short.
 */
final class ConfiguredSecrets {

    static final int MIN_ANYWHERE = 8;
    static final int MIN_TOKEN = 4;

    private final String[] anywhere;
    private final String[] wholeToken;

    ConfiguredSecrets(Collection<String> values) {
        Set<String> unique = new LinkedHashSet<>();
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                unique.add(value.strip());
            }
        }
        List<String> anywhereValues = new ArrayList<>();
        List<String> tokenValues = new ArrayList<>();
        for (String value : unique) {
            if (value.length() >= MIN_ANYWHERE) {
                anywhereValues.add(value);
            } else if (value.length() >= MIN_TOKEN && mixesLettersAndDigits(value)) {
                tokenValues.add(value);
            }
        }
        anywhereValues.sort(Comparator.comparingInt(String::length).reversed());
        this.anywhere = anywhereValues.toArray(String[]::new);
        this.wholeToken = tokenValues.toArray(String[]::new);
    }

    boolean isEmpty() {
        return anywhere.length == 0 && wholeToken.length == 0;
    }

    /** Records every occurrence of a configured value in {@code text}. */
    void find(String text, char[] chars, Spans spans) {
        for (String value : anywhere) {
            for (int at = text.indexOf(value); at >= 0; at = text.indexOf(value, at + value.length())) {
                spans.add(at, at + value.length(), RedactionKind.CONFIGURED_SECRET);
            }
        }
        for (String value : wholeToken) {
            for (int at = text.indexOf(value); at >= 0; at = text.indexOf(value, at + 1)) {
                int end = at + value.length();
                if (!Chars.isAt(chars, at - 1, TOKEN) && !Chars.isAt(chars, end, TOKEN)) {
                    spans.add(at, end, RedactionKind.CONFIGURED_SECRET);
                }
            }
        }
    }

    private static boolean mixesLettersAndDigits(String value) {
        boolean letter = false;
        boolean digit = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            letter |= Character.isLetter(c);
            digit |= Character.isDigit(c);
        }
        return letter && digit;
    }
}
