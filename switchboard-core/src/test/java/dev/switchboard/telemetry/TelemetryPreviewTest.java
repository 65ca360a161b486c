package dev.switchboard.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.ChatMessage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

class TelemetryPreviewTest {

    private static final String KEY = "fake-provider-key-0123456789";

    private final Telemetry telemetry =
            Telemetry.create(new TelemetrySettings(false, 40, 60), new SimpleMeterRegistry(), List.of(KEY));

    @Test
    void previewRedactsAndCuts() {
        String preview = telemetry.preview("key " + KEY + " then a long tail of words that goes on");

        assertThat(preview).isEqualTo("key [REDACTED:configured_secret] then a …");
    }

    @Test
    void previewKeepsShortTextWhole() {
        assertThat(telemetry.preview("short answer")).isEqualTo("short answer");
    }

    @Test
    void previewKeepsNull() {
        assertThat(telemetry.preview(null)).isNull();
    }

    @Test
    void previewOfLongTextRedactsHead() {
        String text = "mail jane@example.com " + "filler ".repeat(2000);

        assertThat(telemetry.preview(text)).isEqualTo("mail [REDACTED:email] filler filler fill…");
    }

    @Test
    void previewRedactsKeyBlockEndingPastHead() {
        String text = "-----BEGIN PRIVATE KEY-----\n" + "QUJD".repeat(2000) + "\n-----END PRIVATE KEY-----\nafter";

        assertThat(telemetry.preview(text)).isEqualTo("[REDACTED:private_key]\nafter");
    }

    @Test
    void previewRecognisesTokenLongerThanMargin() {
        String longJwt = "eyJhbGciOiJIUzI1NiJ9.eyJkYXRhIjoi" + "QUJD".repeat(300) + "In0.c2lnbmF0dXJl";
        String text = "token " + longJwt + " " + "tail ".repeat(1000);

        assertThat(telemetry.preview(text)).isEqualTo("token [REDACTED:jwt] tail tail tail tail…");
    }

    @Test
    void redactMessageCutsToMessageChars() {
        String message = "HTTP 401 for key " + KEY + ": " + "x".repeat(100);

        assertThat(telemetry.redactMessage(message))
                .isEqualTo("HTTP 401 for key [REDACTED:configured_secret]: xxxxxxxxxxxxx…");
    }

    @Test
    void promptPreviewJoinsRolesAndRedacts() {
        List<ChatMessage> prompt = List.of(ChatMessage.system("Be brief."), ChatMessage.user("my key " + KEY));

        assertThat(telemetry.promptPreview(prompt)).isEqualTo("system: Be brief.\nuser: my key [REDACTED…");
    }

    @Test
    void promptPreviewOfLongPromptRedactsHead() {
        List<ChatMessage> prompt = List.of(ChatMessage.user("ip 10.0.0.1 " + "word ".repeat(100_000)),
                ChatMessage.assistant("never reached"));

        assertThat(telemetry.promptPreview(prompt)).isEqualTo("user: ip [REDACTED:ip_address] word word…");
    }

    @Test
    void previewDoesNotSplitSurrogatePair() {
        Telemetry tight = Telemetry.create(new TelemetrySettings(false, 3, 16), new SimpleMeterRegistry(), List.of());

        assertThat(tight.preview("ab\uD83D\uDE00cd")).isEqualTo("ab…");
    }
}
