package dev.switchboard.telemetry;

import static dev.switchboard.telemetry.Chars.ALNUM;
import static dev.switchboard.telemetry.Chars.COLON;
import static dev.switchboard.telemetry.Chars.DASH;
import static dev.switchboard.telemetry.Chars.DOT;
import static dev.switchboard.telemetry.Chars.HEX;
import static dev.switchboard.telemetry.Chars.LETTER;
import static dev.switchboard.telemetry.Chars.PLUS_SLASH;
import static dev.switchboard.telemetry.Chars.SYMBOL;

/** Detectors for email addresses, credentials in URLs and IP addresses. */
final class NetworkDetector {

    /** RFC 5321 limits the local part to 64 characters, and a DNS name has at most 253. */
    private static final int MAX_LOCAL_PART = 64;
    private static final int MAX_DOMAIN = 253;
    private static final int MAX_AUTHORITY = 512;
    /** The longest IPv6 text form, an IPv4-mapped address, has 45 characters. */
    private static final int MAX_IPV6 = 45;

    private NetworkDetector() {
    }

    /** Detects an email address around the {@code @} at {@code at}. */
    static void email(Scan scan, int at) {
        if (at == scan.urlAtSign) {
            return;
        }
        char[] s = scan.s;
        int start = Chars.skipBack(s, at, ALNUM | DOT | DASH | SYMBOL, MAX_LOCAL_PART);
        while (start < at && (s[start] == '.' || s[start] == '~')) {
            start++;
        }
        if (start == at || s[at - 1] == '.') {
            return;
        }

        int labels = 0;
        int labelStart = at + 1;
        int end = at + 1;
        int limit = Math.min(scan.n, at + 1 + MAX_DOMAIN);
        while (labelStart < limit) {
            int labelEnd = Chars.skip(s, labelStart, ALNUM | DASH, limit - labelStart);
            if (labelEnd == labelStart) {
                break;
            }
            labels++;
            end = labelEnd;
            if (labelEnd + 1 < limit && s[labelEnd] == '.' && Chars.is(s[labelEnd + 1], ALNUM)) {
                labelStart = labelEnd + 1;
            } else {
                break;
            }
        }

        if (labels < 2) {
            return;
        }
        int tldStart = Chars.skipBack(s, end, ALNUM | DASH, end - at);
        if (end - tldStart < 2 || Chars.skip(s, tldStart, LETTER) != end) {
            return;
        }
        scan.add(start, end, RedactionKind.EMAIL);
    }

    /**
     * Detects {@code user:password} in a URL whose {@code ://} starts at {@code colon}. The last
     * {@code @} of the authority ends the credentials, because passwords may contain {@code @}.
     */
    static void urlCredentials(Scan scan, int colon) {
        char[] s = scan.s;
        int schemeStart = Chars.skipBack(s, colon, ALNUM | DOT | DASH | PLUS_SLASH, 32);
        if (schemeStart == colon || !Chars.is(s[schemeStart], LETTER)) {
            return;
        }
        int start = colon + 3;
        int limit = Math.min(scan.n, start + MAX_AUTHORITY);
        int at = -1;
        int userEnd = -1;
        for (int i = start; i < limit; i++) {
            char c = s[i];
            if (c == '/' || c == '?' || c == '#' || c == '"' || c == '\'' || c == '<' || c == '>' || c == '\\'
                    || Chars.is(c, Chars.SPACE)) {
                break;
            }
            if (c == '@') {
                at = i;
            } else if (c == ':' && userEnd < 0) {
                userEnd = i;
            }
        }
        if (at < 0) {
            return;
        }
        // A user name alone, as in ssh://git@host, is neither a credential nor an email address.
        scan.urlAtSign = at;
        if (userEnd >= 0 && userEnd < at && userEnd + 1 < at) {
            scan.add(start, at, RedactionKind.URL_CREDENTIALS);
        }
    }

    /**
     * Detects an IPv4 address starting at digit {@code i}: four decimal octets of at most 255,
     * not part of a longer dotted number. Loopback addresses are consumed but kept.
     */
    static int ipv4(Scan scan, int i) {
        int end = ipv4End(scan.s, i);
        if (end < 0 || Chars.isAt(scan.s, end, ALNUM)
                || (end + 1 < scan.n && scan.s[end] == '.' && Chars.isDigit(scan.s[end + 1]))) {
            return -1;
        }
        // A loopback address (127.0.0.0/8) names this machine, not a person, and error messages
        // that name a local provider endpoint stay readable.
        if (Chars.parseDigits(scan.s, i, Chars.skip(scan.s, i, Chars.DIGIT, 4)) != 127) {
            scan.add(i, end, RedactionKind.IP_ADDRESS);
        }
        return end;
    }

    /** Returns the end of four dotted octets at {@code i}, or -1. */
    private static int ipv4End(char[] s, int i) {
        int pos = i;
        for (int octet = 0; octet < 4; octet++) {
            int end = Chars.skip(s, pos, Chars.DIGIT, 4);
            if (end == pos || end - pos > 3 || Chars.parseDigits(s, pos, end) > 255) {
                return -1;
            }
            if (octet < 3) {
                if (end >= s.length || s[end] != '.') {
                    return -1;
                }
                pos = end + 1;
            } else {
                pos = end;
            }
        }
        return pos;
    }

    /**
     * Detects an IPv6 address in the run of hexadecimal digits, colons and dots around the colon
     * at {@code i}; returns its end, or -1. An address needs eight groups, or fewer with one
     * {@code ::}, and at least one decimal digit, so that words such as {@code dead::beef},
     * times such as {@code 10:30:00} and MAC addresses stay untouched.
     */
    static int ipv6(Scan scan, int i) {
        char[] s = scan.s;
        if (i < scan.ipv6CheckedUntil || !(Chars.isAt(s, i - 1, HEX) || Chars.isAt(s, i + 1, HEX | COLON))) {
            return -1;
        }
        int start = Chars.skipBack(s, i, HEX | COLON, MAX_IPV6);
        int end = Chars.skip(s, i, HEX | COLON | DOT, MAX_IPV6 + 1);
        scan.ipv6CheckedUntil = end;
        while (end > i && s[end - 1] == '.') {
            end--;
        }
        if (end - 1 > i && s[end - 1] == ':' && s[end - 2] != ':') {
            end--;
        }
        if (Chars.isAt(s, start - 1, ALNUM | DOT | COLON) || Chars.isAt(s, end, ALNUM)
                || (end < scan.n && s[end] == ':' && end + 1 < scan.n && Chars.is(s[end + 1], HEX))) {
            return -1;
        }
        if (!hasIpv6Shape(s, start, end) || !isIpv6(s, start, end)) {
            return -1;
        }
        scan.add(start, end, RedactionKind.IP_ADDRESS);
        return end;
    }

    /**
     * Returns whether the run has a {@code ::} or at least six colons (eight groups, or six with
     * an embedded IPv4 address). This cheap check rejects times such as {@code 10:30:00.123}.
     */
    private static boolean hasIpv6Shape(char[] s, int start, int end) {
        int colons = 0;
        for (int p = start; p < end; p++) {
            if (s[p] == ':') {
                if (p + 1 < end && s[p + 1] == ':') {
                    return true;
                }
                colons++;
            }
        }
        return colons >= 6;
    }

    private static boolean isIpv6(char[] s, int start, int end) {
        if (end - start < 3) {
            return false;
        }
        int groups = 0;
        boolean compressed = false;
        boolean hasDigit = false;
        int p = start;
        if (s[p] == ':') {
            if (s[p + 1] != ':') {
                return false;
            }
            compressed = true;
            p += 2;
        }
        while (p < end) {
            int groupEnd = Chars.skip(s, p, HEX, end - p);
            if (groupEnd < end && s[groupEnd] == '.') {
                // An embedded IPv4 address, as in ::ffff:192.0.2.1, takes the place of two groups.
                if (ipv4End(s, p) != end) {
                    return false;
                }
                groups += 2;
                hasDigit = true;
                break;
            }
            if (groupEnd == p || groupEnd - p > 4) {
                return false;
            }
            hasDigit |= Chars.containsDigit(s, p, groupEnd);
            groups++;
            p = groupEnd;
            if (p == end) {
                break;
            }
            if (p + 1 < end && s[p + 1] == ':') {
                if (compressed) {
                    return false;
                }
                compressed = true;
                p += 2;
            } else {
                p++;
                if (p == end) {
                    return false;
                }
            }
        }
        return hasDigit && (compressed ? groups <= 7 : groups == 8);
    }
}
