package dev.switchboard.store;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One group of failed attempts in a {@link FailureReport}.
 *
 * @param group the grouping fields and their values, in the requested order. A value is null where the column is
 *        NULL, such as for a run without a workspace
 * @param count the failed attempts in the group
 * @param attempts all attempts, failed or not, that share the group's values apart from {@code error_code}; for
 *        the default grouping, every attempt of that provider and model in the window
 * @param share {@code count / attempts}, between 0 and 1
 * @param firstSeen the start of the group's earliest failed attempt
 * @param lastSeen the start of the group's latest failed attempt
 * @param sampleErrorMessage the error message of the latest failed attempt, as stored (already redacted); null
 *        when that attempt had none
 */
public record FailureRow(Map<String, String> group, long count, long attempts, double share, Instant firstSeen,
        Instant lastSeen, String sampleErrorMessage) {

    public FailureRow {
        Objects.requireNonNull(group, "group");
        // Map.copyOf rejects null values, and a NULL column is a real group value here.
        group = Collections.unmodifiableMap(new LinkedHashMap<>(group));
    }

    /**
     * Returns the group's value of one field, null when the column is NULL.
     *
     * @throws IllegalArgumentException when the report was not grouped by {@code field}
     */
    public String value(String field) {
        if (!group.containsKey(field)) {
            throw new IllegalArgumentException("the report is not grouped by '" + field + "'; its fields are "
                    + group.keySet());
        }
        return group.get(field);
    }
}
