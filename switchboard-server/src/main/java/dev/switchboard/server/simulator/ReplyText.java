package dev.switchboard.server.simulator;

import java.util.concurrent.ThreadLocalRandom;

/** The default reply text and the random ids of simulated responses. */
final class ReplyText {

    private static final String PREFIX = "Simulated reply to: ";
    private static final int EXCERPT_CHARS = 48;
    private static final char[] ALPHANUMERIC =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private ReplyText() {
    }

    /**
     * Derives the reply to a prompt whose last user message is {@code lastUserText}: a fixed prefix and the
     * first 48 characters of the message with runs of whitespace collapsed, so the same prompt always
     * gets the same reply.
     */
    static String derive(String lastUserText) {
        StringBuilder reply = new StringBuilder(PREFIX.length() + EXCERPT_CHARS + 1).append(PREFIX);
        boolean pendingSpace = false;
        int taken = 0;
        for (int i = 0; i < lastUserText.length(); i++) {
            char c = lastUserText.charAt(i);
            if (Character.isWhitespace(c)) {
                pendingSpace = taken > 0;
                continue;
            }
            // A high surrogate needs room for its low half, so a pair is never split.
            int needed = (pendingSpace ? 1 : 0) + (Character.isHighSurrogate(c) ? 2 : 1);
            if (taken + needed > EXCERPT_CHARS) {
                return reply.append('…').toString();
            }
            if (pendingSpace) {
                reply.append(' ');
                taken++;
                pendingSpace = false;
            }
            reply.append(c);
            taken++;
        }
        return taken == 0 ? "Simulated reply." : reply.toString();
    }

    static String alphanumeric(int length) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = ALPHANUMERIC[random.nextInt(ALPHANUMERIC.length)];
        }
        return new String(chars);
    }

    static String hex(int length) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = HEX[random.nextInt(HEX.length)];
        }
        return new String(chars);
    }
}
