package dev.switchboard.telemetry;

import java.util.Arrays;

/**
 * The character ranges that one redaction pass found, and the replacement of them. Overlapping
 * ranges become one, labelled with the kind that {@link RedactionKind} declares first. Ranges
 * that only touch stay separate.
 */
final class Spans {

    private static final RedactionKind[] KINDS = RedactionKind.values();

    // Sort keys hold the start in the high 32 bits and the span's index in the low 32 bits, so
    // sorting a primitive array orders the spans by start without boxing.
    private long[] order;
    private int[] ends;
    private byte[] kinds;
    private int size;

    void add(int start, int end, RedactionKind kind) {
        if (end <= start) {
            return;
        }
        if (order == null) {
            order = new long[8];
            ends = new int[8];
            kinds = new byte[8];
        } else if (size == order.length) {
            order = Arrays.copyOf(order, size * 2);
            ends = Arrays.copyOf(ends, size * 2);
            kinds = Arrays.copyOf(kinds, size * 2);
        }
        order[size] = ((long) start << 32) | size;
        ends[size] = end;
        kinds[size] = (byte) kind.ordinal();
        size++;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Returns {@code text} with every span replaced by its kind's placeholder. */
    String apply(String text) {
        if (size == 0) {
            return text;
        }
        Arrays.sort(order, 0, size);
        StringBuilder out = new StringBuilder(text.length() + size * 16);
        int copied = 0;
        int next = 0;
        while (next < size) {
            int start = (int) (order[next] >>> 32);
            int span = (int) order[next];
            int end = ends[span];
            int kind = kinds[span];
            next++;
            while (next < size && (int) (order[next] >>> 32) < end) {
                span = (int) order[next];
                end = Math.max(end, ends[span]);
                kind = Math.min(kind, kinds[span]);
                next++;
            }
            out.append(text, copied, start).append(KINDS[kind].placeholder());
            copied = end;
        }
        return out.append(text, copied, text.length()).toString();
    }
}
