package dev.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.Secret;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StoreSettingsTest {

    @TempDir
    Path dir;

    @Test
    void sqliteHelperUsesDataDirAndDefaults() {
        StoreSettings settings = StoreSettings.sqlite(dir);

        assertThat(settings.jdbcUrl()).isEqualTo("jdbc:sqlite:" + dir.toAbsolutePath().resolve("switchboard.db"));
        assertThat(settings.spillFile()).isEqualTo(dir.toAbsolutePath().resolve("switchboard-spill.jsonl"));
        assertThat(settings.dialect()).isEqualTo(Dialect.SQLITE);
        assertThat(settings.queueCapacity()).isEqualTo(10_000);
        assertThat(settings.batchSize()).isEqualTo(500);
        assertThat(settings.flushInterval()).isEqualTo(Duration.ofMillis(200));
        assertThat(settings.user()).isNull();
        assertThat(settings.password()).isNull();
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            "jdbc:postgresql://127.0.0.1:5432/switchboard, POSTGRESQL",
            "JDBC:PostgreSQL://db.internal/switchboard, POSTGRESQL",
            "jdbc:sqlite:/var/lib/switchboard/switchboard.db, SQLITE",
            "jdbc:sqlite:file:/tmp/x.db?cache=shared, SQLITE"})
    void dialectFollowsScheme(String url, Dialect expected) {
        StoreSettings settings = StoreSettings.of(url, null, null, dir.resolve("spill.jsonl"));

        assertThat(settings.dialect()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"jdbc:mysql://db/app?user=app&password=hunter2-secret", "postgresql://db/app",
            "jdbc:h2:mem:app;PASSWORD=hunter2-secret", "sqlite:/tmp/app.db"})
    void unknownSchemeIsRejectedWithFix(String url) {
        assertThatThrownBy(() -> StoreSettings.of(url, "app", null, dir.resolve("spill.jsonl")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unsupported run store JDBC URL '")
                .hasMessageContaining("jdbc:sqlite:")
                .hasMessageContaining("jdbc:postgresql:")
                .hasMessageNotContaining("hunter2-secret");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "jdbc:postgresql://db/app?user=app&password=hunter2-secret&ssl=true"
                    + " | jdbc:postgresql://db/app?user=app&password=***&ssl=true",
            "jdbc:postgresql://app:hunter2-secret@db/app | jdbc:postgresql://app:***@db/app",
            "jdbc:postgresql://db/app?sslpassword=hunter2-secret | jdbc:postgresql://db/app?sslpassword=***",
            "jdbc:sqlite:/data/switchboard.db | jdbc:sqlite:/data/switchboard.db"})
    void maskHidesPasswords(String url, String masked) {
        assertThat(JdbcUrls.mask(url)).isEqualTo(masked);
    }

    @Test
    void toStringHidesPasswords() {
        StoreSettings settings = StoreSettings.of("jdbc:postgresql://db/app?password=in-url-secret", "app",
                Secret.of("hunter2-secret"), dir.resolve("spill.jsonl"));

        assertThat(settings.toString())
                .contains("user=app")
                .doesNotContain("hunter2-secret")
                .doesNotContain("in-url-secret");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"queueCapacity", "batchSize", "maxSpillBytes", "flushInterval"})
    void nonPositiveValueIsRejected(String field) {
        StoreSettings base = StoreSettings.sqlite(dir);

        assertThatThrownBy(() -> {
            switch (field) {
                case "queueCapacity" -> base.withQueueCapacity(0);
                case "batchSize" -> base.withBatchSize(-1);
                case "maxSpillBytes" -> base.withMaxSpillBytes(0);
                default -> base.withFlushInterval(Duration.ZERO);
            }
        })
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(field + " must be positive");
    }

    @Test
    void blankUserBecomesNull() {
        StoreSettings settings = StoreSettings.of("jdbc:postgresql://db/app", " ", null, dir.resolve("spill.jsonl"));

        assertThat(settings.user()).isNull();
    }
}
