package dev.switchboard.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.store.RunQueries;
import dev.switchboard.store.RunStore;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayDrainTest {

    @TempDir
    Path dataDir;

    @Test
    void closeLetsCallsUnderWayFinishAndRecordsThem() throws Exception {
        Instant started = Instant.now().minusSeconds(1);
        GatewayFixture fixture = new GatewayFixture(dataDir);
        CompletableFuture<HttpResponse<String>> slow = CompletableFuture.supplyAsync(
                () -> fixture.chat("slow-ok", "take your time"));
        while (fixture.simulator.requestCount() == 0) {
            Thread.sleep(10);
        }

        fixture.close();

        assertThat(slow.join().statusCode()).isEqualTo(200);
        try (RunStore store = RunStore.open(Gateway.storeSettings(fixture.config))) {
            assertThat(RunQueries.countRuns(store.dataSource(), started)).isEqualTo(1);
        }
    }
}
