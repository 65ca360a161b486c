package dev.switchboard.telemetry;

import static dev.switchboard.telemetry.Chars.ALNUM;
import static dev.switchboard.telemetry.Chars.DASH;
import static dev.switchboard.telemetry.Chars.NAME;

/**
 * Detects values assigned to credential names, at each {@code =} and {@code :}: query and form
 * parameters ({@code ?key=…}), environment and properties lines ({@code DB_PASSWORD=…}), YAML,
 * JSON ({@code "password": "…"}, also inside escaped JSON) and HTTP headers
 * ({@code x-goog-api-key: …}, {@code Authorization: Basic …}).
 */
final class AssignmentDetector {

    private static final int MAX_NAME = 48;
    // NOTE: an assigned value longer than this is redacted only up to this length.
    private static final int MAX_VALUE = 1024;
    /**
     * Generic names such as {@code key}, {@code token} or {@code secret} also label ordinary
     * values, so their value needs 8 or more characters and a digit, or 20 or more characters.
     */
    private static final int MIN_GENERIC_VALUE = 8;
    private static final int MIN_GENERIC_VALUE_WITHOUT_DIGIT = 20;
    /** Values that mean "no value" in JSON, YAML and code. */
    private static final String[] EMPTY_VALUES = {"null", "true", "false", "none", "None", "undefined", "nil"};

    private enum Name {
        PASSWORD, AWS_SECRET, CREDENTIAL, GENERIC_CREDENTIAL, AUTHORIZATION
    }

    private AssignmentDetector() {
    }

    /** Detects the value assigned by the {@code =} or {@code :} at {@code i}. */
    static void assignment(Scan scan, int i) {
        char[] s = scan.s;
        char operator = s[i];
        int after = i + 1;
        if (after < scan.n && (s[after] == '=' || s[after] == '>' || s[after] == ':')) {
            return;
        }
        if (operator == '=' && i > 0 && Chars.oneOf(s[i - 1], "=!<>:")) {
            return;
        }
        Name name = name(s, i, operator);
        if (name == null) {
            return;
        }

        int valueStart = Chars.skipSpaces(s, after, 8);
        if (valueStart >= scan.n) {
            return;
        }
        if (name == Name.AUTHORIZATION) {
            authorization(scan, valueStart);
            return;
        }

        int start;
        int end;
        char first = s[valueStart];
        if (first == '"' || first == '\'') {
            start = valueStart + 1;
            end = closingQuote(s, start, first);
        } else if (first == '\\' && valueStart + 1 < scan.n && s[valueStart + 1] == '"') {
            start = valueStart + 2;
            end = Chars.indexOf(s, "\\\"", start, start + MAX_VALUE);
            if (end < 0) {
                end = lineEnd(s, start);
            }
        } else {
            start = valueStart;
            end = bareValueEnd(s, start);
        }

        if (end == start || Chars.startsWith(s, start, "[REDACTED:") || isEmptyValue(s, start, end)
                || (name == Name.GENERIC_CREDENTIAL && !looksLikeCredential(s, start, end))) {
            return;
        }
        RedactionKind kind = switch (name) {
            case PASSWORD -> RedactionKind.PASSWORD;
            case AWS_SECRET -> RedactionKind.AWS_SECRET_KEY;
            default -> RedactionKind.API_KEY_PARAM;
        };
        scan.add(start, end, kind);
    }

    /**
     * Classifies the name before the operator at {@code i}, skipping spaces and a closing quote,
     * or returns null when it names no credential.
     */
    private static Name name(char[] s, int i, char operator) {
        int end = i;
        while (end > 0 && i - end < 8 && (s[end - 1] == ' ' || s[end - 1] == '\t')) {
            end--;
        }
        if (end > 0 && (s[end - 1] == '"' || s[end - 1] == '\'')) {
            end--;
            if (end > 0 && s[end - 1] == '\\') {
                end--;
            }
        }
        int start = Chars.skipBack(s, end, NAME, MAX_NAME);
        if (end - start < 3) {
            return null;
        }
        NameView name = new NameView(s, start, end);
        return mayNameCredential(name.lastTwo()) ? credentialName(name, operator) : null;
    }

    /**
     * Returns whether a name ending in these two letters can be one that {@link #credentialName}
     * accepts: passwo(rd), pass(wd), p(wd), passphra(se), k(ey), tok(en), authorizati(on),
     * secr(et). The check is cheap and rejects most names before any suffix comparison.
     */
    private static boolean mayNameCredential(int lastTwo) {
        return switch (lastTwo) {
            case ('r' << 16) | 'd', ('w' << 16) | 'd', ('s' << 16) | 'e', ('e' << 16) | 'y', ('e' << 16) | 'n',
                    ('o' << 16) | 'n', ('e' << 16) | 't' -> true;
            default -> false;
        };
    }

    private static Name credentialName(NameView name, char operator) {
        if (name.endsWith("password") || name.endsWith("passwd") || name.endsWith("passphrase")
                || name.endsWith("pwd")) {
            return Name.PASSWORD;
        }
        if (name.endsWith("secretaccesskey") || name.is("awssecretkey") || name.is("awssecret")) {
            return Name.AWS_SECRET;
        }
        if (name.endsWith("apikey") || name.endsWith("apitoken") || name.endsWith("accesstoken")
                || name.endsWith("refreshtoken") || name.endsWith("sessiontoken") || name.endsWith("authtoken")
                || name.endsWith("clientsecret") || name.endsWith("secretkey") || name.is("idtoken")) {
            return Name.CREDENTIAL;
        }
        if (name.is("authorization") || name.is("proxyauthorization")) {
            return Name.AUTHORIZATION;
        }
        // "key: value" is ordinary YAML and prose, so a bare key counts only as a query parameter.
        if ((name.is("key") && operator == '=') || name.is("token") || name.is("secret")) {
            return Name.GENERIC_CREDENTIAL;
        }
        return null;
    }

    /**
     * A configuration name compared by its letters and digits only, ignoring ASCII case, so that
     * {@code DB_PASSWORD}, {@code db.password} and {@code dbPassword} compare alike.
     */
    private record NameView(char[] s, int start, int end) {

        /** Returns the last two letters or digits, lowercased, as {@code (secondToLast << 16) | last}. */
        int lastTwo() {
            int p = end;
            int result = 0;
            for (int k = 0; k < 2; k++) {
                while (p > start && !Chars.is(s[p - 1], ALNUM)) {
                    p--;
                }
                if (p == start) {
                    return -1;
                }
                char c = s[--p];
                if (c >= 'A' && c <= 'Z') {
                    c = (char) (c + ('a' - 'A'));
                }
                result |= c << (16 * k);
            }
            return result;
        }

        /** Returns whether the name's letters and digits end with {@code suffix}, which must be lowercase. */
        boolean endsWith(String suffix) {
            return matchFromEnd(suffix) >= 0;
        }

        /** Returns whether the name's letters and digits are exactly {@code word}, which must be lowercase. */
        boolean is(String word) {
            int rest = matchFromEnd(word);
            return rest >= 0 && Chars.skipBack(s, rest, Chars.DASH | Chars.DOT, rest - start) == start;
        }

        /** Matches {@code suffix} backwards; returns the index before which the name's rest lies, or -1. */
        private int matchFromEnd(String suffix) {
            int p = end;
            for (int k = suffix.length() - 1; k >= 0; k--) {
                while (p > start && !Chars.is(s[p - 1], ALNUM)) {
                    p--;
                }
                if (p == start) {
                    return -1;
                }
                char c = s[p - 1];
                if (c >= 'A' && c <= 'Z') {
                    c = (char) (c + ('a' - 'A'));
                }
                if (c != suffix.charAt(k)) {
                    return -1;
                }
                p--;
            }
            return p;
        }
    }

    private static boolean looksLikeCredential(char[] s, int start, int end) {
        int length = end - start;
        return length >= MIN_GENERIC_VALUE_WITHOUT_DIGIT
                || (length >= MIN_GENERIC_VALUE && Chars.containsDigit(s, start, end));
    }

    private static boolean isEmptyValue(char[] s, int start, int end) {
        for (String empty : EMPTY_VALUES) {
            if (end - start == empty.length() && Chars.startsWith(s, start, empty)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Detects the credentials of an Authorization header value: after Basic they are a password,
     * after Bearer a bearer token, and after any other scheme, or without one, an API key.
     */
    private static void authorization(Scan scan, int valueStart) {
        char[] s = scan.s;
        int start = valueStart;
        if (s[start] == '"' || s[start] == '\'') {
            start++;
        }
        int schemeEnd = Chars.skip(s, start, ALNUM | DASH, 32);
        if (schemeEnd < scan.n && s[schemeEnd] == ' ' && schemeEnd > start) {
            int credentials = Chars.skipSpaces(s, schemeEnd, 8);
            int end = TokenDetector.bearerCredentialEnd(s, credentials);
            RedactionKind kind;
            if (Chars.startsWithIgnoreCase(s, start, "basic ")) {
                kind = RedactionKind.PASSWORD;
            } else if (Chars.startsWithIgnoreCase(s, start, "bearer ")) {
                kind = RedactionKind.BEARER_TOKEN;
            } else {
                kind = RedactionKind.API_KEY_PARAM;
            }
            if (!Chars.startsWith(s, credentials, "[REDACTED:")) {
                scan.add(credentials, end, kind);
            }
            return;
        }
        int end = TokenDetector.bearerCredentialEnd(s, start);
        if (looksLikeCredential(s, start, end)) {
            scan.add(start, end, RedactionKind.API_KEY_PARAM);
        }
    }

    /**
     * Returns the index of the unescaped {@code quote} closing a value that starts at
     * {@code from}. A value whose quote never closes, as in a truncated message, runs to the end
     * of its line.
     */
    private static int closingQuote(char[] s, int from, char quote) {
        int limit = Math.min(s.length, from + MAX_VALUE);
        for (int p = from; p < limit; p++) {
            char c = s[p];
            if (c == '\\') {
                p++;
            } else if (c == quote) {
                return p;
            } else if (c == '\n') {
                return p;
            }
        }
        return Math.min(limit, s.length);
    }

    private static int lineEnd(char[] s, int from) {
        int limit = Math.min(s.length, from + MAX_VALUE);
        int p = from;
        while (p < limit && s[p] != '\n' && s[p] != '\r') {
            p++;
        }
        return p;
    }

    /** Returns the end of an unquoted value: the first space, separator, quote or bracket. */
    private static int bareValueEnd(char[] s, int from) {
        int limit = Math.min(s.length, from + MAX_VALUE);
        int p = from;
        while (p < limit) {
            char c = s[p];
            if (c <= ' ' || c == '&' || c == ',' || c == ';' || c == '"' || c == '\'' || c == '<' || c == '>'
                    || c == ')' || c == '}' || c == ']' || c == '\\') {
                break;
            }
            p++;
        }
        return p;
    }
}
