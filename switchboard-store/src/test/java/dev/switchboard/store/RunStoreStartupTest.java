package dev.switchboard.store;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunStoreStartupTest {

    @TempDir
    Path dir;

    @Test
    void unwritableSqliteFolderFailsWithFix() throws Exception {
        Path notAFolder = Files.writeString(dir.resolve("plain-file"), "x");
        StoreSettings settings = StoreSettings.of("jdbc:sqlite:" + notAFolder.resolve("switchboard.db"), null, null,
                dir.resolve("spill.jsonl"));

        assertThatThrownBy(() -> RunStore.open(settings))
                .isInstanceOf(RunStoreException.class)
                .hasMessageContaining(notAFolder.resolve("switchboard.db").toString())
                .hasMessageContaining("writable folder");
    }

    @Test
    void unwritableSpillFolderFailsWithFix() throws Exception {
        Path notAFolder = Files.writeString(dir.resolve("plain-file"), "x");
        StoreSettings settings = StoreSettings.sqlite(dir).withSpillFile(notAFolder.resolve("spill.jsonl"));

        assertThatThrownBy(() -> RunStore.open(settings))
                .isInstanceOf(RunStoreException.class)
                .hasMessageContaining("spill file '" + notAFolder.resolve("spill.jsonl") + "'")
                .hasMessageContaining("writable folder");
    }

    @Test
    void inMemorySqliteIsRejectedWithFix() {
        StoreSettings settings = StoreSettings.of("jdbc:sqlite::memory:", null, null, dir.resolve("spill.jsonl"));

        assertThatThrownBy(() -> RunStore.open(settings))
                .isInstanceOf(RunStoreException.class)
                .hasMessageContaining("in-memory SQLite URL 'jdbc:sqlite::memory:'")
                .hasMessageContaining("use a file path");
    }
}
