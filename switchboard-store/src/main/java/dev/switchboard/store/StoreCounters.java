package dev.switchboard.store;

import dev.switchboard.run.RunSinkStats;
import java.util.concurrent.atomic.LongAdder;

/** The store's counters, cheap to bump from many request threads at once. */
final class StoreCounters {

    final LongAdder queued = new LongAdder();
    final LongAdder written = new LongAdder();
    final LongAdder spilled = new LongAdder();
    final LongAdder replayed = new LongAdder();
    final LongAdder dropped = new LongAdder();

    RunSinkStats snapshot(long queueDepth) {
        return new RunSinkStats(queued.sum(), written.sum(), spilled.sum(), replayed.sum(), dropped.sum(),
                queueDepth);
    }
}
