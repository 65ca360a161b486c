package dev.switchboard.telemetry;

import static dev.switchboard.telemetry.Chars.ALNUM;
import static dev.switchboard.telemetry.Chars.DIGIT;
import static dev.switchboard.telemetry.Chars.DOT;
import static dev.switchboard.telemetry.Chars.PLUS_SLASH;
import static dev.switchboard.telemetry.Chars.TOKEN;
import static dev.switchboard.telemetry.Chars.UPPER;

/**
 * Detectors for credentials with a fixed prefix, which are tried at the start of each word, and
 * for private key blocks, which are found before the pass starts.
 */
final class TokenDetector {

    /** The prefixes of AWS access key ids: AKIA for long-term keys, ASIA for temporary STS keys. */
    private static final String[] AWS_ACCESS_KEY_PREFIXES = {"AKIA", "ASIA"};
    private static final String[] STRIPE_PREFIXES = {"sk_live_", "sk_test_", "rk_live_", "rk_test_"};
    private static final String BEGIN = "-----BEGIN ";
    private static final String END = "-----END ";
    private static final String DASHES = "-----";
    /** How far past the BEGIN marker the closing dashes of its label may be. */
    private static final int MAX_LABEL = 64;

    private TokenDetector() {
    }

    /** Detects a prefixed credential starting at {@code i}; returns its end, or -1. */
    static int token(Scan scan, int i) {
        char[] s = scan.s;
        return switch (s[i]) {
            case 'A' -> googleOrAws(scan, i);
            case 's' -> sk(scan, i);
            case 'r' -> Chars.startsWith(s, i, "rk_") ? stripe(scan, i) : -1;
            case 'w' -> prefixed(scan, i, "whsec_", ALNUM, 20, RedactionKind.STRIPE_KEY);
            case 'g' -> github(scan, i);
            case 'x' -> slack(scan, i);
            case 'h' -> slackWebhook(scan, i);
            case 'e' -> jwt(scan, i);
            case 'B', 'b' -> bearer(scan, i);
            default -> -1;
        };
    }

    private static int googleOrAws(Scan scan, int i) {
        char[] s = scan.s;
        if (Chars.startsWith(s, i, "AIza")) {
            return prefixed(scan, i, "AIza", TOKEN, 35, RedactionKind.GOOGLE_API_KEY);
        }
        if (i + 20 > scan.n || !Chars.is(s[i + 1], UPPER)) {
            return -1;
        }
        for (String prefix : AWS_ACCESS_KEY_PREFIXES) {
            if (Chars.startsWith(s, i, prefix)) {
                int end = Chars.skip(s, i + 4, UPPER | DIGIT);
                if (end - i == 20 && !Chars.isAt(s, end, ALNUM)) {
                    scan.add(i, end, RedactionKind.AWS_ACCESS_KEY);
                    return end;
                }
                return -1;
            }
        }
        return -1;
    }

    private static int sk(Scan scan, int i) {
        char[] s = scan.s;
        if (i + 3 >= scan.n || s[i + 1] != 'k') {
            return -1;
        }
        if (s[i + 2] == '_') {
            return stripe(scan, i);
        }
        if (s[i + 2] != '-') {
            return -1;
        }
        if (Chars.startsWith(s, i, "sk-ant-")) {
            return prefixed(scan, i, "sk-ant-", TOKEN, 20, RedactionKind.ANTHROPIC_KEY);
        }
        // Hyphenated words such as "sk-learn-…" have no digits, while an OpenAI key is random
        // base62 text long enough that it all but always contains one.
        int end = Chars.skip(s, i + 3, TOKEN);
        if (end - (i + 3) >= 20 && Chars.containsDigit(s, i + 3, end)) {
            scan.add(i, end, RedactionKind.OPENAI_KEY);
            return end;
        }
        return -1;
    }

    private static int stripe(Scan scan, int i) {
        for (String prefix : STRIPE_PREFIXES) {
            if (Chars.startsWith(scan.s, i, prefix)) {
                return prefixed(scan, i, prefix, ALNUM, 10, RedactionKind.STRIPE_KEY);
            }
        }
        return -1;
    }

    private static int github(Scan scan, int i) {
        char[] s = scan.s;
        if (i + 4 < scan.n && s[i + 1] == 'h' && s[i + 3] == '_' && Chars.oneOf(s[i + 2], "pousr")) {
            return body(scan, i, 4, ALNUM, 20, RedactionKind.GITHUB_TOKEN);
        }
        return prefixed(scan, i, "github_pat_", TOKEN, 20, RedactionKind.GITHUB_TOKEN);
    }

    private static int slack(Scan scan, int i) {
        char[] s = scan.s;
        if (i + 5 < scan.n && Chars.startsWith(s, i, "xox") && s[i + 4] == '-' && Chars.oneOf(s[i + 3], "abeoprs")) {
            return slackBody(scan, i, 5);
        }
        return Chars.startsWith(s, i, "xapp-") ? slackBody(scan, i, 5) : -1;
    }

    /** Slack tokens carry numeric workspace and user ids, so hyphenated words such as "xoxb-not-set" stay. */
    private static int slackBody(Scan scan, int i, int prefixLength) {
        int end = Chars.skip(scan.s, i + prefixLength, TOKEN);
        if (end - (i + prefixLength) < 10 || !Chars.containsDigit(scan.s, i + prefixLength, end)) {
            return -1;
        }
        scan.add(i, end, RedactionKind.SLACK_TOKEN);
        return end;
    }

    private static int slackWebhook(Scan scan, int i) {
        char[] s = scan.s;
        int host = i;
        if (Chars.startsWith(s, i, "https://")) {
            host = i + 8;
        }
        if (!Chars.startsWith(s, host, "hooks.slack.com/")) {
            return -1;
        }
        int pathStart = host + "hooks.slack.com/".length();
        int end = Chars.skip(s, pathStart, TOKEN | PLUS_SLASH);
        if (end - pathStart < 10) {
            return -1;
        }
        scan.add(i, end, RedactionKind.SLACK_TOKEN);
        return end;
    }

    /**
     * Detects a JWT (JWS compact form, or JWE with five parts). The header and payload are JSON
     * objects, so their base64url forms start with "ey"; the signature may be empty when the
     * algorithm is "none".
     */
    private static int jwt(Scan scan, int i) {
        char[] s = scan.s;
        if (!Chars.startsWith(s, i, "eyJ")) {
            return -1;
        }
        int headerEnd = Chars.skip(s, i + 3, TOKEN);
        if (headerEnd - i < 10 || headerEnd >= scan.n || s[headerEnd] != '.'
                || !Chars.startsWith(s, headerEnd + 1, "ey")) {
            return -1;
        }
        int payloadEnd = Chars.skip(s, headerEnd + 3, TOKEN);
        if (payloadEnd - headerEnd < 5 || payloadEnd >= scan.n || s[payloadEnd] != '.') {
            return -1;
        }
        int end = Chars.skip(s, payloadEnd + 1, TOKEN);
        for (int part = 3; part < 5 && end < scan.n && s[end] == '.' && Chars.isAt(s, end + 1, TOKEN); part++) {
            end = Chars.skip(s, end + 1, TOKEN);
        }
        scan.add(i, end, RedactionKind.JWT);
        return end;
    }

    /**
     * Detects the credential after the word "Bearer" outside an Authorization header. Prose also
     * uses the word, so the credential must have 8 or more characters and contain a digit or have
     * 20 or more characters.
     */
    private static int bearer(Scan scan, int i) {
        char[] s = scan.s;
        if (!Chars.startsWithIgnoreCase(s, i, "bearer") || i + 6 >= scan.n || (s[i + 6] != ' ' && s[i + 6] != '\t')) {
            return -1;
        }
        int start = Chars.skipSpaces(s, i + 6, 8);
        int end = bearerCredentialEnd(s, start);
        int length = end - start;
        if (length < 8 || !(length >= 20 || Chars.containsDigit(s, start, end))) {
            return -1;
        }
        scan.add(start, end, RedactionKind.BEARER_TOKEN);
        // The pass goes on inside the credential, so that a JWT or API key there gets its own kind.
        return start;
    }

    /** Returns the end of an RFC 6750 b64token starting at {@code start}, without a trailing period. */
    static int bearerCredentialEnd(char[] s, int start) {
        int end = start;
        while (end < s.length && (Chars.is(s[end], TOKEN | PLUS_SLASH | DOT) || s[end] == '~')) {
            end++;
        }
        while (end < s.length && s[end] == '=') {
            end++;
        }
        while (end > start && s[end - 1] == '.') {
            end--;
        }
        return end;
    }

    /**
     * Records every PEM or PGP private key block in {@code text}, from its BEGIN line to its END
     * line. A block whose END line is missing, as in a truncated message, is redacted to the end
     * of the text. {@link String#indexOf(String)} finds the BEGIN lines, so that no token
     * detector can skip over one.
     */
    static void privateKeys(String text, char[] s, Spans spans) {
        int at = text.indexOf(BEGIN);
        while (at >= 0) {
            int end = privateKeyEnd(s, at);
            if (end > 0) {
                spans.add(at, end, RedactionKind.PRIVATE_KEY);
                at = text.indexOf(BEGIN, end);
            } else {
                at = text.indexOf(BEGIN, at + 1);
            }
        }
    }

    /** Returns the end of the private key block whose BEGIN line starts at {@code begin}, or -1. */
    private static int privateKeyEnd(char[] s, int begin) {
        int labelStart = begin + BEGIN.length();
        int labelEnd = Chars.indexOf(s, DASHES, labelStart, labelStart + MAX_LABEL);
        if (labelEnd < 0 || Chars.indexOf(s, "PRIVATE KEY", labelStart, labelEnd) < 0) {
            return -1;
        }
        int endLine = Chars.indexOf(s, END, labelEnd + DASHES.length(), s.length);
        if (endLine < 0) {
            return s.length;
        }
        int closing = Chars.indexOf(s, DASHES, endLine + END.length(), endLine + END.length() + MAX_LABEL);
        return closing < 0 ? s.length : closing + DASHES.length();
    }

    private static int prefixed(Scan scan, int i, String prefix, int bodyMask, int minBody, RedactionKind kind) {
        if (!Chars.startsWith(scan.s, i, prefix)) {
            return -1;
        }
        return body(scan, i, prefix.length(), bodyMask, minBody, kind);
    }

    /** Records the token when at least {@code minBody} {@code bodyMask} characters follow its prefix. */
    private static int body(Scan scan, int i, int prefixLength, int bodyMask, int minBody, RedactionKind kind) {
        int bodyStart = i + prefixLength;
        int end = Chars.skip(scan.s, bodyStart, bodyMask);
        if (end - bodyStart < minBody) {
            return -1;
        }
        scan.add(i, end, kind);
        return end;
    }
}
