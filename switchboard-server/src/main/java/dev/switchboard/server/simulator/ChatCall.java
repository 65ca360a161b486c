package dev.switchboard.server.simulator;

/**
 * The parts of a chat request that the simulator builds its response from.
 *
 * @param model        the requested model, without any {@code models/} prefix
 * @param promptChars  the characters of all prompt text, for the token estimate
 * @param lastUserText the text of the last user message, which the default reply quotes
 * @param stream       whether the client asked for a streamed answer
 * @param hasMessages  whether the request carried any message (an Ollama request without one only loads the model)
 * @param startNanos   {@link System#nanoTime()} when the request arrived
 */
record ChatCall(String model, int promptChars, String lastUserText, boolean stream, boolean hasMessages,
                long startNanos) {

    int promptTokens() {
        return Math.max(1, Tokens.estimate(promptChars));
    }
}
