package dev.switchboard.provider;

/** Creates the provider client that speaks a configured provider's wire protocol. */
public final class ProviderClients {

    private ProviderClients() {
    }

    /**
     * Returns a {@link GeminiClient}, {@link OllamaClient} or {@link OpenAiClient} for
     * {@code settings.kind()}, sending its requests through {@code transport}.
     */
    public static ProviderClient create(ProviderSettings settings, HttpTransport transport) {
        return switch (settings.kind()) {
            case GEMINI -> new GeminiClient(settings, transport);
            case OLLAMA -> new OllamaClient(settings, transport);
            case OPENAI -> new OpenAiClient(settings, transport);
        };
    }
}
