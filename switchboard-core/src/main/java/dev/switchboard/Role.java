package dev.switchboard;

/** The author of a chat message. */
public enum Role {
    SYSTEM, USER, ASSISTANT;

    /** The lowercase name used by OpenAI-compatible and Ollama wire formats. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
