package dev.switchboard.server.simulator;

/** The simulator's token estimate: about four characters per token, as for English text. */
final class Tokens {

    private Tokens() {
    }

    /** Tokens for {@code chars} characters, rounded up. */
    static int estimate(int chars) {
        return (chars + 3) / 4;
    }
}
