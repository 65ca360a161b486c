package dev.switchboard.telemetry;

/**
 * ASCII character classes and small scanning helpers for the redaction detectors. Every
 * character at or above 128 belongs to no class, so non-ASCII text acts as a separator.
 */
final class Chars {

    static final int DIGIT = 1;
    static final int UPPER = 1 << 1;
    static final int LOWER = 1 << 2;
    static final int HEX = 1 << 3;
    /** {@code -} and {@code _}. */
    static final int DASH = 1 << 4;
    /** {@code +} and {@code /}, the base64 characters beyond base64url. */
    static final int PLUS_SLASH = 1 << 5;
    static final int DOT = 1 << 6;
    static final int COLON = 1 << 7;
    /** {@code %}, {@code +} and {@code ~}, used in email local parts and bearer tokens. */
    static final int SYMBOL = 1 << 8;
    static final int SPACE = 1 << 9;
    /** Characters at which a detector that does not start with a word may start. */
    static final int TRIGGER = 1 << 10;
    /** First characters of words at which a word detector may start. */
    static final int WORD_TRIGGER = 1 << 11;

    static final int LETTER = UPPER | LOWER;
    static final int ALNUM = DIGIT | LETTER;
    /** The base64url alphabet, which is also the alphabet of most API keys. */
    static final int TOKEN = ALNUM | DASH;
    /** Characters of configuration names such as {@code db.password} or {@code x-goog-api-key}. */
    static final int NAME = ALNUM | DASH | DOT;

    private static final int[] CLASSES = new int[128];

    static {
        for (char c = '0'; c <= '9'; c++) {
            CLASSES[c] = DIGIT | HEX;
        }
        for (char c = 'A'; c <= 'Z'; c++) {
            CLASSES[c] = UPPER | (c <= 'F' ? HEX : 0);
        }
        for (char c = 'a'; c <= 'z'; c++) {
            CLASSES[c] = LOWER | (c <= 'f' ? HEX : 0);
        }
        CLASSES['-'] = DASH;
        CLASSES['_'] = DASH;
        CLASSES['+'] = PLUS_SLASH | SYMBOL;
        CLASSES['/'] = PLUS_SLASH;
        CLASSES['.'] = DOT;
        CLASSES[':'] = COLON;
        CLASSES['%'] = SYMBOL;
        CLASSES['~'] = SYMBOL;
        CLASSES[' '] = SPACE;
        CLASSES['\t'] = SPACE;
        CLASSES['\n'] = SPACE;
        CLASSES['\r'] = SPACE;
        CLASSES['\f'] = SPACE;
        for (char c : "@:=+(".toCharArray()) {
            CLASSES[c] |= TRIGGER;
        }
        for (char c = '0'; c <= '9'; c++) {
            CLASSES[c] |= WORD_TRIGGER;
        }
        for (char c = 'A'; c <= 'Z'; c++) {
            CLASSES[c] |= WORD_TRIGGER;
        }
        // The prefixes of TokenDetector, and n, t and r, which follow a backslash in JSON escapes.
        for (char c : "bseghrtwxn".toCharArray()) {
            CLASSES[c] |= WORD_TRIGGER;
        }
    }

    private Chars() {
    }

    /** Returns the class bits of an ASCII character {@code c}. */
    static int classOf(char c) {
        return CLASSES[c];
    }

    static boolean is(char c, int mask) {
        return c < 128 && (CLASSES[c] & mask) != 0;
    }

    static boolean isAt(char[] s, int index, int mask) {
        return index >= 0 && index < s.length && is(s[index], mask);
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isDigitAt(char[] s, int index) {
        return index >= 0 && index < s.length && isDigit(s[index]);
    }

    /** Returns the first index at or after {@code from} whose character is not in {@code mask}. */
    static int skip(char[] s, int from, int mask) {
        int i = from;
        while (i < s.length && is(s[i], mask)) {
            i++;
        }
        return i;
    }

    /** Like {@link #skip(char[], int, int)}, but stops after at most {@code max} characters. */
    static int skip(char[] s, int from, int mask, int max) {
        int limit = Math.min(s.length, from + max);
        int i = from;
        while (i < limit && is(s[i], mask)) {
            i++;
        }
        return i;
    }

    /**
     * Returns the start of the run of {@code mask} characters that ends just before {@code end},
     * looking back at most {@code max} characters.
     */
    static int skipBack(char[] s, int end, int mask, int max) {
        int limit = Math.max(0, end - max);
        int i = end;
        while (i > limit && is(s[i - 1], mask)) {
            i--;
        }
        return i;
    }

    static int skipSpaces(char[] s, int from, int max) {
        int limit = Math.min(s.length, from + max);
        int i = from;
        while (i < limit && (s[i] == ' ' || s[i] == '\t')) {
            i++;
        }
        return i;
    }

    static boolean startsWith(char[] s, int at, String prefix) {
        if (at < 0 || at + prefix.length() > s.length) {
            return false;
        }
        for (int k = 0; k < prefix.length(); k++) {
            if (s[at + k] != prefix.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** Compares ignoring ASCII case; {@code lowerPrefix} must be lowercase. */
    static boolean startsWithIgnoreCase(char[] s, int at, String lowerPrefix) {
        if (at < 0 || at + lowerPrefix.length() > s.length) {
            return false;
        }
        for (int k = 0; k < lowerPrefix.length(); k++) {
            char c = s[at + k];
            if (c >= 'A' && c <= 'Z') {
                c = (char) (c + ('a' - 'A'));
            }
            if (c != lowerPrefix.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** Returns the index of {@code needle} in {@code s[from, to)}, or -1. */
    static int indexOf(char[] s, String needle, int from, int to) {
        int last = Math.min(to, s.length) - needle.length();
        char first = needle.charAt(0);
        for (int i = Math.max(0, from); i <= last; i++) {
            if (s[i] == first && startsWith(s, i, needle)) {
                return i;
            }
        }
        return -1;
    }

    /** Returns whether {@code c} is one of the characters of the short constant {@code set}. */
    static boolean oneOf(char c, String set) {
        for (int k = 0; k < set.length(); k++) {
            if (set.charAt(k) == c) {
                return true;
            }
        }
        return false;
    }

    static boolean containsDigit(char[] s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (isDigit(s[i])) {
                return true;
            }
        }
        return false;
    }

    /** Parses {@code s[from, to)}, which must hold only digits and at most nine of them. */
    static int parseDigits(char[] s, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            value = value * 10 + (s[i] - '0');
        }
        return value;
    }
}
