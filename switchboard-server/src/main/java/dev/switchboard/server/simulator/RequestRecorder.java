package dev.switchboard.server.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/** A fixed-size ring of the latest requests. Recording takes one atomic increment and one array write, with no lock. */
final class RequestRecorder {

    private final AtomicReferenceArray<RecordedRequest> ring;
    private final AtomicLong written = new AtomicLong();

    RequestRecorder(int capacity) {
        this.ring = new AtomicReferenceArray<>(capacity);
    }

    void record(RecordedRequest request) {
        long slot = written.getAndIncrement();
        ring.set((int) (slot % ring.length()), request);
    }

    long count() {
        return written.get();
    }

    /** Returns the kept requests, oldest first. Under concurrent writes the oldest entries may already be replaced. */
    List<RecordedRequest> snapshot() {
        long end = written.get();
        long start = Math.max(0, end - ring.length());
        List<RecordedRequest> result = new ArrayList<>((int) (end - start));
        for (long i = start; i < end; i++) {
            RecordedRequest request = ring.get((int) (i % ring.length()));
            if (request != null) {
                result.add(request);
            }
        }
        return result;
    }

    void clear() {
        for (int i = 0; i < ring.length(); i++) {
            ring.set(i, null);
        }
    }
}
