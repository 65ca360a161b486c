package dev.switchboard.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.error.LlmUnavailable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class ConcurrencyLimiterTest {

    @Test
    void slotsBeyondTheLimitWaitInOrder() {
        ConcurrencyLimiter limiter = new ConcurrencyLimiter("p", 1, 2);

        CompletableFuture<Void> first = limiter.acquire();
        CompletableFuture<Void> second = limiter.acquire();
        CompletableFuture<Void> third = limiter.acquire();

        assertThat(first).isCompleted();
        assertThat(second).isNotDone();
        limiter.release();
        assertThat(second).isCompleted();
        assertThat(third).isNotDone();
        limiter.release();
        limiter.release();
        assertThat(third).isCompleted();
        assertThat(limiter.inFlight()).isZero();
    }

    @Test
    void fullQueueFailsAtOnceWithTheFix() {
        ConcurrencyLimiter limiter = new ConcurrencyLimiter("gemini", 1, 0);
        limiter.acquire();

        assertThatThrownBy(() -> limiter.acquire().join())
                .isInstanceOf(CompletionException.class)
                .cause()
                .isInstanceOf(LlmUnavailable.class)
                .hasMessageContaining("provider 'gemini' is at its concurrency limit of 1")
                .hasMessageContaining("raise max_concurrency");
    }

    @Test
    void raisingTheLimitAdmitsWaiters() {
        ConcurrencyLimiter limiter = new ConcurrencyLimiter("p", 1, 5);
        limiter.acquire();
        CompletableFuture<Void> waiting = limiter.acquire();

        limiter.setLimits(2, 5);

        assertThat(waiting).isCompleted();
        assertThat(limiter.inFlight()).isEqualTo(2);
    }

    @Test
    void loweringTheLimitTakesEffectAsAttemptsFinish() {
        ConcurrencyLimiter limiter = new ConcurrencyLimiter("p", 3, 5);
        limiter.acquire();
        limiter.acquire();
        limiter.acquire();
        CompletableFuture<Void> waiting = limiter.acquire();

        limiter.setLimits(1, 5);
        limiter.release();
        limiter.release();

        assertThat(waiting).isNotDone();
        limiter.release();
        assertThat(waiting).isCompleted();
        assertThat(limiter.inFlight()).isEqualTo(1);
    }

    @Test
    void invalidLimitsNameTheSetting() {
        assertThatThrownBy(() -> new ConcurrencyLimiter("p", 0, 1))
                .hasMessageContaining("max_concurrency must be 1 or more, got 0");
    }
}
