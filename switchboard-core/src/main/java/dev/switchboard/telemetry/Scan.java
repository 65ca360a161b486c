package dev.switchboard.telemetry;

import static dev.switchboard.telemetry.Chars.ALNUM;
import static dev.switchboard.telemetry.Chars.DASH;
import static dev.switchboard.telemetry.Chars.DOT;
import static dev.switchboard.telemetry.Chars.TRIGGER;
import static dev.switchboard.telemetry.Chars.WORD_TRIGGER;

/**
 * One redaction pass over one text. The pass reads each character once and runs a detector only
 * where its pattern can start: prefix formats and numbers at the start of a word, and the other
 * detectors at their trigger characters ({@code @ : = + (}). A detector that matches records a
 * span and may move the pass past the characters it consumed. Private key blocks and configured
 * values are found before the pass, with {@link String#indexOf(String)}.
 */
final class Scan {

    static final int MAX_GROUPS = 10;

    final char[] s;
    final int n;
    final Spans spans;

    /** The {@code @} of the last URL whose credentials were redacted, which is no email address. */
    int urlAtSign = -1;
    /** The end of the last hexadecimal and colon run checked for an IPv6 address. */
    int ipv6CheckedUntil;

    private int[] groupEnds;
    private int[] groupTotals;

    Scan(char[] s, Spans spans) {
        this.s = s;
        this.n = s.length;
        this.spans = spans;
    }

    void add(int start, int end, RedactionKind kind) {
        spans.add(start, end, kind);
    }

    /** Scratch space for the digit groups of one number candidate, reused across candidates. */
    int[] groupEnds() {
        if (groupEnds == null) {
            groupEnds = new int[MAX_GROUPS];
        }
        return groupEnds;
    }

    int[] groupTotals() {
        if (groupTotals == null) {
            groupTotals = new int[MAX_GROUPS];
        }
        return groupTotals;
    }

    void run() {
        int i = 0;
        while (i < n) {
            char c = s[i];
            int type = c < 128 ? Chars.classOf(c) : 0;
            int next;
            if ((type & ALNUM) != 0) {
                // The loop only ever stops at the first character of a word.
                next = (type & WORD_TRIGGER) != 0 ? wordStart(i) : i + 1;
            } else if ((type & TRIGGER) != 0) {
                next = trigger(i, c);
            } else {
                i++;
                continue;
            }
            if (Chars.is(s[next - 1], ALNUM)) {
                next = Chars.skip(s, next, ALNUM);
            }
            i = next;
        }
    }

    private int trigger(int i, char c) {
        return switch (c) {
            case '@' -> {
                NetworkDetector.email(this, i);
                yield i + 1;
            }
            case ':' -> colon(i);
            case '=' -> {
                AssignmentDetector.assignment(this, i);
                yield i + 1;
            }
            case '+' -> NumberDetector.international(this, i);
            case '(' -> NumberDetector.parenthesized(this, i);
            default -> i + 1;
        };
    }

    /** Runs the detectors that start at the first character of a word; returns where to go on. */
    private int wordStart(int i) {
        char c = s[i];
        if (Chars.isDigit(c)) {
            // A digit after "<alnum>." continues a version or address the pass already declined.
            if (i >= 2 && s[i - 1] == '.' && Chars.is(s[i - 2], ALNUM)) {
                return Chars.skip(s, i, ALNUM | DOT | DASH);
            }
            return NumberDetector.number(this, i);
        }
        int end = TokenDetector.token(this, i);
        if (end > 0) {
            return end;
        }
        end = NumberDetector.iban(this, i);
        if (end > 0) {
            return end;
        }
        // Text taken from JSON keeps escapes such as "\nsk-…", where the word after the escape
        // letter is the real start.
        if (i > 0 && s[i - 1] == '\\' && (c == 'n' || c == 't' || c == 'r') && Chars.isAt(s, i + 1, ALNUM)) {
            return wordStart(i + 1);
        }
        return i + 1;
    }

    private int colon(int i) {
        if (i + 2 < n && s[i + 1] == '/' && s[i + 2] == '/') {
            NetworkDetector.urlCredentials(this, i);
            return i + 1;
        }
        int end = NetworkDetector.ipv6(this, i);
        if (end > 0) {
            return end;
        }
        AssignmentDetector.assignment(this, i);
        return i + 1;
    }
}
