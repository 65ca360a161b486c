package dev.switchboard.testing;

import dev.switchboard.run.RunRecord;
import dev.switchboard.run.RunSink;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link RunSink} that keeps every run in memory. */
public final class RecordingSink implements RunSink {

    private final List<RunRecord> runs = new CopyOnWriteArrayList<>();

    @Override
    public void submit(RunRecord run) {
        runs.add(run);
    }

    public List<RunRecord> runs() {
        return List.copyOf(runs);
    }

    public RunRecord last() {
        return runs.get(runs.size() - 1);
    }
}
