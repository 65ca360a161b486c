package dev.switchboard.store;

import dev.switchboard.run.RunRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Moves runs that did not fit in the writer's queue to the spill file on a thread of its own, so a
 * request thread that meets a full queue still does no file I/O. Each write takes everything queued,
 * so the one fsync per write is shared by as many runs as arrived meanwhile. Runs that do not fit in
 * this second queue either are dropped.
 */
final class OverflowSpiller implements Runnable {

    private final BlockingQueue<RunRecord> queue;
    private final Spiller spiller;
    private final int capacity;
    private volatile boolean closing;

    OverflowSpiller(int capacity, Spiller spiller) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.capacity = capacity;
        this.spiller = spiller;
    }

    /** Takes a run without blocking; returns false when this queue is full as well. */
    boolean offer(RunRecord run) {
        return queue.offer(run);
    }

    int depth() {
        return queue.size();
    }

    /** Asks the thread to spill what is queued and stop. */
    void requestClose() {
        closing = true;
    }

    @Override
    public void run() {
        List<RunRecord> batch = new ArrayList<>();
        while (true) {
            RunRecord first;
            try {
                first = queue.poll(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (first == null) {
                if (closing) {
                    break;
                }
                continue;
            }
            batch.add(first);
            queue.drainTo(batch, capacity);
            spiller.spill(batch);
            batch.clear();
        }
        spillRemaining();
    }

    /** Spills whatever is still queued, on the calling thread. */
    void spillRemaining() {
        List<RunRecord> rest = new ArrayList<>();
        while (queue.drainTo(rest, capacity) > 0) {
            spiller.spill(rest);
            rest.clear();
        }
    }
}
