package dev.switchboard.telemetry;

import static dev.switchboard.telemetry.Chars.ALNUM;
import static dev.switchboard.telemetry.Chars.DASH;
import static dev.switchboard.telemetry.Chars.DIGIT;
import static dev.switchboard.telemetry.Chars.DOT;
import static dev.switchboard.telemetry.Chars.UPPER;

/**
 * Detectors for numbers that identify a person or an account: US social security numbers,
 * payment cards, IBANs and phone numbers. Each needs a structure that ordinary numbers lack (a
 * grouping, a checksum or a prefix), so plain numbers, dates, times and versions stay untouched.
 */
final class NumberDetector {

    private NumberDetector() {
    }

    /**
     * Detects a number that starts with the digit at {@code i}; returns where the pass goes on,
     * which is past the whole dotted or dashed token when nothing matched.
     */
    static int number(Scan scan, int i) {
        char[] s = scan.s;
        int run = digitRun(s, i);
        char after = i + run < s.length ? s[i + run] : 0;
        // Four dotted octets are an address wherever they stand, also right after another number
        // (as in "port 8080 10.0.0.1").
        int address = run <= 3 && after == '.' ? NetworkDetector.ipv4(scan, i) : -1;
        if (address > 0) {
            return address;
        }

        // A group after "<digit> " or "<digit>-" belongs to a longer number that did not match,
        // such as an IBAN with a wrong checksum.
        if (i >= 2 && (s[i - 1] == ' ' || s[i - 1] == '-') && Chars.isDigit(s[i - 2])) {
            return Chars.skip(s, i, ALNUM | DOT | DASH);
        }

        boolean grouped = after == ' ' || after == '-' || after == '.';
        if (!grouped && (run < 13 || run > 19)) {
            // Only a lone card number has no separator after its first group.
            return Chars.skip(s, i, ALNUM | DOT | DASH);
        }

        int end = run == 3 && after == '-' ? ssn(s, i) : -1;
        if (end > 0) {
            scan.add(i, end, RedactionKind.US_SSN);
            return end;
        }
        end = card(scan, i);
        if (end > 0) {
            scan.add(i, end, RedactionKind.CARD_NUMBER);
            return end;
        }
        end = run == 3 || (run == 1 && s[i] == '1') ? northAmerican(s, i) : -1;
        if (end < 0 && s[i] == '0') {
            end = trunkPrefixed(scan, i);
        }
        if (end > 0) {
            scan.add(i, end, RedactionKind.PHONE);
            return end;
        }
        return Chars.skip(s, i, ALNUM | DOT | DASH);
    }

    /**
     * Detects AAA-GG-SSSS. The Social Security Administration never issues area 000, 666 or
     * 900–999, group 00 or serial 0000.
     */
    private static int ssn(char[] s, int i) {
        if (digitRun(s, i) != 3 || !at(s, i + 3, '-') || digitRun(s, i + 4) != 2 || !at(s, i + 6, '-')
                || digitRun(s, i + 7) != 4 || continues(s, i + 11)) {
            return -1;
        }
        int area = Chars.parseDigits(s, i, i + 3);
        if (area == 0 || area == 666 || area >= 900 || Chars.parseDigits(s, i + 4, i + 6) == 0
                || Chars.parseDigits(s, i + 7, i + 11) == 0) {
            return -1;
        }
        return i + 11;
    }

    /**
     * Detects a card number: 13 to 19 digits that pass the Luhn check, in one group or in groups
     * of three or more split by single spaces or dashes. The first digit must be 2 to 6, the
     * range of the major networks, which keeps millisecond timestamps out.
     */
    private static int card(Scan scan, int i) {
        char[] s = scan.s;
        if (s[i] < '2' || s[i] > '6' || digitRun(s, i) < 3) {
            return -1;
        }
        int[] ends = scan.groupEnds();
        int[] totals = scan.groupTotals();
        int count = groups(s, i, " -", 3, 19, 19, ends, totals);
        for (int k = count - 1; k >= 0; k--) {
            if (totals[k] >= 13 && !continues(s, ends[k]) && luhn(s, i, ends[k])) {
                return ends[k];
            }
        }
        return -1;
    }

    private static boolean luhn(char[] s, int start, int end) {
        int sum = 0;
        boolean doubled = false;
        for (int p = end - 1; p >= start; p--) {
            if (!Chars.isDigit(s[p])) {
                continue;
            }
            int digit = s[p] - '0';
            if (doubled) {
                digit *= 2;
                if (digit > 9) {
                    digit -= 9;
                }
            }
            sum += digit;
            doubled = !doubled;
        }
        return sum % 10 == 0;
    }

    /**
     * Detects a North American number: {@code 415-555-0132}, {@code 415.555.0132} or
     * {@code (415) 555-0132}, optionally after {@code 1-}. Space-separated digits without
     * parentheses are left alone, because tables of numbers look the same.
     */
    private static int northAmerican(char[] s, int i) {
        if (s[i] == '1' && i + 2 < s.length && (s[i + 1] == '-' || s[i + 1] == '.' || s[i + 1] == ' ')
                && (Chars.isDigit(s[i + 2]) || s[i + 2] == '(')) {
            int end = northAmericanBody(s, i + 2);
            if (end > 0) {
                return end;
            }
        }
        return northAmericanBody(s, i);
    }

    private static int northAmericanBody(char[] s, int p) {
        int exchange;
        char separator;
        if (s[p] == '(') {
            if (digitRun(s, p + 1) != 3 || !at(s, p + 4, ')') || s[p + 1] < '2') {
                return -1;
            }
            exchange = at(s, p + 5, ' ') ? p + 6 : p + 5;
            separator = 0;
        } else {
            if (digitRun(s, p) != 3 || s[p] < '2' || !(at(s, p + 3, '-') || at(s, p + 3, '.'))) {
                return -1;
            }
            separator = s[p + 3];
            exchange = p + 4;
        }
        if (digitRun(s, exchange) != 3 || exchange + 3 >= s.length) {
            return -1;
        }
        char second = s[exchange + 3];
        boolean separatorFits = separator == 0 ? second == '-' || second == '.' || second == ' ' : second == separator;
        int line = exchange + 4;
        if (!separatorFits || digitRun(s, line) != 4 || continues(s, line + 4)) {
            return -1;
        }
        return line + 4;
    }

    /**
     * Detects a national number with a trunk prefix, such as {@code 020 7946 0958},
     * {@code 030-12345678} or {@code 01 23 45 67 89}: it starts with 0, has 10 to 12 digits and
     * at least two groups split by one kind of separator. Dates such as {@code 01.02.2024} have
     * only eight digits.
     */
    private static int trunkPrefixed(Scan scan, int i) {
        char[] s = scan.s;
        int first = digitRun(s, i);
        if (s[i] != '0' || first < 2 || first > 5) {
            return -1;
        }
        int[] ends = scan.groupEnds();
        int[] totals = scan.groupTotals();
        int count = groups(s, i, " -.", 2, 8, 12, ends, totals);
        for (int k = count - 1; k >= 1; k--) {
            if (totals[k] >= 10 && !continues(s, ends[k])) {
                return ends[k];
            }
        }
        return -1;
    }

    /**
     * Detects an international number at a {@code +}: a country code and groups split by spaces,
     * dashes, dots or parentheses, 8 to 15 digits in all (E.164 allows at most 15). Returns where
     * the pass goes on.
     */
    static int international(Scan scan, int plus) {
        char[] s = scan.s;
        if ((plus > 0 && Chars.is(s[plus - 1], ALNUM)) || !Chars.isDigitAt(s, plus + 1)) {
            return plus + 1;
        }
        int pos = plus + 1;
        int total = 0;
        int best = -1;
        while (pos < s.length) {
            int groupEnd;
            int digits;
            boolean parenthesized = s[pos] == '(';
            if (parenthesized) {
                int close = pos + 1 + digitRun(s, pos + 1);
                if (close == pos + 1 || close - pos > 5 || !at(s, close, ')')) {
                    break;
                }
                digits = close - pos - 1;
                groupEnd = close + 1;
            } else {
                digits = digitRun(s, pos);
                if (digits == 0) {
                    break;
                }
                groupEnd = pos + digits;
            }
            total += digits;
            if (total > 15) {
                break;
            }
            if (total >= 8 && !continues(s, groupEnd)) {
                best = groupEnd;
            }
            pos = groupEnd;
            if (pos >= s.length) {
                break;
            }
            if ((s[pos] == ' ' || s[pos] == '-' || s[pos] == '.') && pos + 1 < s.length
                    && (Chars.isDigit(s[pos + 1]) || s[pos + 1] == '(')) {
                pos++;
            } else if (s[pos] != '(' && !(parenthesized && Chars.isDigit(s[pos]))) {
                break;
            }
        }
        if (best < 0) {
            return plus + 1;
        }
        scan.add(plus, best, RedactionKind.PHONE);
        return best;
    }

    /** Detects a North American number written {@code (415) 555-0132} at the {@code (}. */
    static int parenthesized(Scan scan, int open) {
        if (!Chars.isDigitAt(scan.s, open + 1)) {
            return open + 1;
        }
        int end = northAmericanBody(scan.s, open);
        if (end < 0) {
            return open + 1;
        }
        scan.add(open, end, RedactionKind.PHONE);
        return end;
    }

    /**
     * Detects an IBAN at the start of a word: a country code, two check digits and up to 30
     * letters or digits, written without spaces or in groups of four, that passes the ISO 7064
     * mod-97 check. Returns its end, or -1.
     */
    static int iban(Scan scan, int i) {
        char[] s = scan.s;
        if (i + 4 >= scan.n || !Chars.is(s[i], UPPER) || !Chars.is(s[i + 1], UPPER) || !Chars.isDigit(s[i + 2])
                || !Chars.isDigit(s[i + 3])) {
            return -1;
        }
        int compactEnd = Chars.skip(s, i, ALNUM, 35);
        int length = compactEnd - i;
        if (length >= 15 && length <= 34 && !Chars.isAt(s, compactEnd, ALNUM) && mod97(s, i, compactEnd)) {
            scan.add(i, compactEnd, RedactionKind.IBAN);
            return compactEnd;
        }
        if (length != 4 || s[compactEnd] != ' ') {
            return -1;
        }

        int[] ends = scan.groupEnds();
        int count = 0;
        int characters = 4;
        int pos = compactEnd + 1;
        while (count < 8) {
            int groupEnd = Chars.skip(s, pos, ALNUM, 5);
            int group = groupEnd - pos;
            if (group == 0 || group > 4 || characters + group > 34) {
                break;
            }
            characters += group;
            ends[count++] = groupEnd;
            if (group < 4 || groupEnd + 1 >= scan.n || s[groupEnd] != ' ' || !Chars.is(s[groupEnd + 1], ALNUM)) {
                break;
            }
            pos = groupEnd + 1;
        }

        for (int k = count - 1; k >= 0; k--) {
            if (!Chars.isAt(s, ends[k], ALNUM) && alnumCount(s, i, ends[k]) >= 15 && mod97(s, i, ends[k])) {
                scan.add(i, ends[k], RedactionKind.IBAN);
                return ends[k];
            }
        }
        return -1;
    }

    /** ISO 13616: move the first four characters to the end, read letters as 10–35, and expect 1 mod 97. */
    private static boolean mod97(char[] s, int start, int end) {
        int check = Chars.parseDigits(s, start + 2, start + 4);
        if (check < 2 || check > 98) {
            return false;
        }
        int remainder = 0;
        int seen = 0;
        for (int pass = 0; pass < 2; pass++) {
            int from = pass == 0 ? start + 4 : start;
            int to = pass == 0 ? end : start + 4;
            for (int p = from; p < to; p++) {
                char c = s[p];
                if (c == ' ') {
                    continue;
                }
                if (Chars.isDigit(c)) {
                    remainder = (remainder * 10 + (c - '0')) % 97;
                } else {
                    int value = Character.toUpperCase(c) - 'A' + 10;
                    remainder = (remainder * 100 + value) % 97;
                }
                seen++;
            }
        }
        return seen >= 15 && remainder == 1;
    }

    private static int alnumCount(char[] s, int start, int end) {
        int count = 0;
        for (int p = start; p < end; p++) {
            if (Chars.is(s[p], ALNUM)) {
                count++;
            }
        }
        return count;
    }

    /**
     * Reads digit groups at {@code i} split by one separator from {@code separators}, the same
     * one throughout. Stores each group's end and the running digit count, and stops before a
     * group outside {@code [minGroup, maxGroup]} or one that would pass {@code maxDigits}.
     * Returns the number of groups read.
     */
    private static int groups(char[] s, int i, String separators, int minGroup, int maxGroup, int maxDigits,
            int[] ends, int[] totals) {
        int count = 0;
        int total = 0;
        int pos = i;
        char separator = 0;
        while (count < ends.length) {
            int group = digitRun(s, pos);
            if (group < minGroup || group > maxGroup || total + group > maxDigits) {
                break;
            }
            total += group;
            ends[count] = pos + group;
            totals[count] = total;
            count++;
            int next = pos + group;
            if (next + 1 >= s.length || !Chars.oneOf(s[next], separators) || (separator != 0 && s[next] != separator)
                    || !Chars.isDigit(s[next + 1])) {
                break;
            }
            separator = s[next];
            pos = next + 1;
        }
        return count;
    }

    private static int digitRun(char[] s, int from) {
        return Chars.skip(s, from, DIGIT, 20) - from;
    }

    private static boolean at(char[] s, int index, char c) {
        return index < s.length && s[index] == c;
    }

    /** Returns whether the number ending at {@code end} goes on as a word or as another dotted or dashed part. */
    private static boolean continues(char[] s, int end) {
        if (end >= s.length) {
            return false;
        }
        char c = s[end];
        return Chars.is(c, ALNUM) || ((c == '-' || c == '.') && Chars.isDigitAt(s, end + 1));
    }
}
