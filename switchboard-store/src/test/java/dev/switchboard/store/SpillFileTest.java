package dev.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpillFileTest {

    @TempDir
    Path dir;

    @Test
    void appendStopsAtSizeLimit() throws Exception {
        SpillFile file = new SpillFile(dir.resolve("spill.jsonl"), 10);

        boolean first = file.append(bytes("12345\n"));
        boolean second = file.append(bytes("67890\n"));

        assertThat(first).isTrue();
        assertThat(second).isFalse();
        assertThat(file.sizeBytes()).isEqualTo(6);
        assertThat(Files.readString(file.path())).isEqualTo("12345\n");
    }

    @Test
    void replayMovesLiveFileAsideUntilFinished() throws Exception {
        SpillFile file = new SpillFile(dir.resolve("spill.jsonl"), 1_000);
        file.append(bytes("old\n"));

        Path replaying = file.beginReplay();
        file.append(bytes("new\n"));

        assertThat(replaying).isEqualTo(dir.resolve("spill.jsonl.replaying").toAbsolutePath());
        assertThat(Files.readString(replaying)).isEqualTo("old\n");
        assertThat(Files.readString(file.path())).isEqualTo("new\n");
        assertThat(file.sizeBytes()).isEqualTo(8);

        file.finishReplay();

        assertThat(replaying).doesNotExist();
        assertThat(file.hasPending()).isTrue();
        assertThat(file.sizeBytes()).isEqualTo(4);
    }

    @Test
    void leftoverReplayingFileIsReplayedFirst() throws Exception {
        Files.writeString(dir.resolve("spill.jsonl.replaying"), "left by a crash\n");
        Files.writeString(dir.resolve("spill.jsonl"), "later\n");
        SpillFile file = new SpillFile(dir.resolve("spill.jsonl"), 1_000);

        Path replaying = file.beginReplay();

        assertThat(file.sizeBytes()).isEqualTo(22);
        assertThat(Files.readString(replaying)).isEqualTo("left by a crash\n");
        assertThat(Files.readString(file.path())).isEqualTo("later\n");
    }

    @Test
    void emptyFileHasNothingToReplay() throws Exception {
        Files.writeString(dir.resolve("spill.jsonl"), "");
        SpillFile file = new SpillFile(dir.resolve("spill.jsonl"), 1_000);

        assertThat(file.hasPending()).isFalse();
        assertThat(file.beginReplay()).isNull();
        assertThat(file.path()).doesNotExist();
    }

    @Test
    void missingFolderIsCreated() throws Exception {
        SpillFile file = new SpillFile(dir.resolve("a/b/spill.jsonl"), 1_000);

        file.append(bytes("x\n"));

        assertThat(dir.resolve("a/b/spill.jsonl")).hasContent("x");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
