package dev.switchboard;

import java.util.OptionalInt;

/**
 * Token counts of a call. A count is absent when the provider did not report it, which is not
 * the same as zero.
 *
 * @param inputTokens prompt tokens, cached ones included
 * @param outputTokens generated tokens, reasoning ("thinking") tokens included
 * @param totalTokens the provider's total, or input plus output when it reports no total
 */
public record Usage(OptionalInt inputTokens, OptionalInt outputTokens, OptionalInt totalTokens) {

    public static final Usage UNKNOWN = new Usage(OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty());

    public Usage {
        requireNonNegative("input", inputTokens);
        requireNonNegative("output", outputTokens);
        requireNonNegative("total", totalTokens);
    }

    /**
     * Builds usage from nullable counts. When {@code total} is null and both other counts are
     * known, the total is their sum.
     */
    public static Usage of(Integer input, Integer output, Integer total) {
        Integer effectiveTotal = total;
        if (effectiveTotal == null && input != null && output != null) {
            effectiveTotal = input + output;
        }
        return new Usage(optional(input), optional(output), optional(effectiveTotal));
    }

    /** Adds two usages field by field. A field stays absent only when it is absent in both. */
    public Usage plus(Usage other) {
        return new Usage(sum(inputTokens, other.inputTokens), sum(outputTokens, other.outputTokens),
                sum(totalTokens, other.totalTokens));
    }

    public boolean isUnknown() {
        return inputTokens.isEmpty() && outputTokens.isEmpty() && totalTokens.isEmpty();
    }

    private static OptionalInt optional(Integer value) {
        return value == null ? OptionalInt.empty() : OptionalInt.of(value);
    }

    private static OptionalInt sum(OptionalInt a, OptionalInt b) {
        if (a.isEmpty()) {
            return b;
        }
        if (b.isEmpty()) {
            return a;
        }
        return OptionalInt.of(a.getAsInt() + b.getAsInt());
    }

    private static void requireNonNegative(String name, OptionalInt count) {
        java.util.Objects.requireNonNull(count, name);
        if (count.isPresent() && count.getAsInt() < 0) {
            throw new IllegalArgumentException(name + " token count must not be negative, got " + count.getAsInt());
        }
    }
}
