package dev.switchboard.server.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReplyTextTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            Hello                | Simulated reply to: Hello
            `  Hello \t  world ` | Simulated reply to: Hello world
            ``                   | Simulated reply.
            `   `                | Simulated reply.
            """)
    void derivesReplyFromPrompt(String prompt, String reply) {
        assertThat(ReplyText.derive(prompt)).isEqualTo(reply);
    }

    @Test
    void longPromptIsCutAtFortyEightCharacters() {
        String reply = ReplyText.derive("a".repeat(100));

        assertThat(reply).isEqualTo("Simulated reply to: " + "a".repeat(48) + "…");
    }

    @Test
    void cutNeverSplitsASurrogatePair() {
        String reply = ReplyText.derive("a".repeat(47) + "😀tail");

        assertThat(reply).isEqualTo("Simulated reply to: " + "a".repeat(47) + "…");
    }

    @Test
    void samePromptGivesSameReply() {
        assertThat(ReplyText.derive("What is 2+2?")).isEqualTo(ReplyText.derive("What is 2+2?"));
    }

    @Test
    void tokenEstimateRoundsUp() {
        assertThat(Tokens.estimate(0)).isZero();
        assertThat(Tokens.estimate(1)).isEqualTo(1);
        assertThat(Tokens.estimate(4)).isEqualTo(1);
        assertThat(Tokens.estimate(5)).isEqualTo(2);
    }
}
