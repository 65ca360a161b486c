package dev.switchboard.provider;

import java.util.Arrays;
import java.util.Locale;

/** The wire protocols Switchboard speaks. */
public enum ProviderKind {
    /** Google's Gemini API, {@code POST /v1beta/models/{model}:generateContent}. */
    GEMINI("gemini", "https://generativelanguage.googleapis.com/v1beta"),
    /** Ollama's native API, {@code POST /api/chat}. */
    OLLAMA("ollama", "http://127.0.0.1:11434"),
    /** Any OpenAI-compatible server, {@code POST /v1/chat/completions}. */
    OPENAI("openai", "https://api.openai.com/v1");

    private final String id;
    private final String defaultBaseUrl;

    ProviderKind(String id, String defaultBaseUrl) {
        this.id = id;
        this.defaultBaseUrl = defaultBaseUrl;
    }

    /** The lowercase name used in configuration files. */
    public String id() {
        return id;
    }

    /** The base URL used when the configuration gives none. */
    public String defaultBaseUrl() {
        return defaultBaseUrl;
    }

    /**
     * Parses a configuration name such as {@code gemini}.
     *
     * @throws IllegalArgumentException naming the accepted values when {@code id} is none of them
     */
    public static ProviderKind fromId(String id) {
        String wanted = id == null ? "" : id.trim().toLowerCase(Locale.ROOT);
        for (ProviderKind kind : values()) {
            if (kind.id.equals(wanted)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown provider type '" + id + "'; use one of "
                + Arrays.stream(values()).map(ProviderKind::id).toList());
    }
}
