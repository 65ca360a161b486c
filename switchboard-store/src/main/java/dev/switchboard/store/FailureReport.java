package dev.switchboard.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * Counts failed provider attempts per group since a point in time.
 *
 * <p>The report reads {@code llm_run_attempts}, not {@code llm_runs}, so a failure that a fallback
 * to another deployment hid from the caller still counts. Each row carries the failure count, the
 * share of the related attempts that failed, the first and last failure, and the message of the
 * latest failure. The share's denominator is every attempt in the window that has the row's values
 * for the grouping fields other than {@code error_code}: with the default grouping, all attempts of
 * that provider and model.
 *
 * <p>Rows come sorted by count, highest first, then by the group values with NULL last. The same
 * data gives the same rows on SQLite and PostgreSQL.
 */
public final class FailureReport {

    /** The grouping used when none is given: provider, model, error_code. */
    public static final List<String> DEFAULT_GROUP_BY = List.of("provider", "model", "error_code");

    /** The fields a report can be grouped by, mapped to the column each one reads. */
    private static final Map<String, String> COLUMNS = orderedColumns();

    private FailureReport() {
    }

    /** Returns the fields a report can be grouped by. */
    public static List<String> allowedFields() {
        return List.copyOf(COLUMNS.keySet());
    }

    /**
     * Runs the report on the store's database.
     *
     * @see #query(DataSource, Instant, List)
     */
    public static List<FailureRow> query(RunStore store, Instant since, List<String> groupBy) throws SQLException {
        return query(store.dataSource(), since, groupBy);
    }

    /**
     * Groups the failed attempts that started at or after {@code since}.
     *
     * @param groupBy fields from {@link #allowedFields()}, in the order the rows should carry them; null or empty
     *        means {@link #DEFAULT_GROUP_BY}
     * @throws IllegalArgumentException when a field is not allowed or appears twice; the message lists the allowed
     *         fields
     * @throws SQLException when the query fails
     */
    public static List<FailureRow> query(DataSource dataSource, Instant since, List<String> groupBy)
            throws SQLException {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(since, "since");
        List<String> fields = validate(groupBy);
        String sql = sql(fields);
        List<FailureRow> rows = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            Dialect dialect = Dialect.of(connection);
            dialect.setInstant(statement, 1, since);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    rows.add(row(result, dialect, fields));
                }
            }
        }
        rows.sort(order(fields));
        return rows;
    }

    private static List<String> validate(List<String> groupBy) {
        if (groupBy == null || groupBy.isEmpty()) {
            return DEFAULT_GROUP_BY;
        }
        Set<String> seen = new HashSet<>();
        for (String field : groupBy) {
            if (field == null || !COLUMNS.containsKey(field)) {
                throw new IllegalArgumentException("unknown group-by field '" + field + "'; allowed fields: "
                        + String.join(", ", COLUMNS.keySet()));
            }
            if (!seen.add(field)) {
                throw new IllegalArgumentException("group-by field '" + field + "' is given twice; give each of "
                        + String.join(", ", COLUMNS.keySet()) + " at most once");
            }
        }
        return List.copyOf(groupBy);
    }

    /*
     * One pass with window functions (SQLite 3.25+, PostgreSQL 8.4+) over the attempts in the window.
     * Each attempt gets its group's failure count, its denominator group's attempt count, the group's
     * first and last failure, and its rank as the group's sample, latest failure first. Keeping rank 1
     * of each group with failures leaves one row per group. Window partitions treat NULLs as equal on
     * both databases, so no NULL-safe join is needed.
     */
    private static String sql(List<String> fields) {
        String group = fields.stream().map(COLUMNS::get).collect(Collectors.joining(", "));
        List<String> denominatorFields = fields.stream().filter(f -> !f.equals("error_code")).toList();
        String denominator = denominatorFields.isEmpty() ? ""
                : "PARTITION BY " + denominatorFields.stream().map(COLUMNS::get).collect(Collectors.joining(", "));
        String selected = fields.stream().map(f -> COLUMNS.get(f) + " AS g_" + f).collect(Collectors.joining(", "));
        String outer = fields.stream().map(f -> "g_" + f).collect(Collectors.joining(", "));
        boolean needsRuns = fields.stream().anyMatch(f -> COLUMNS.get(f).startsWith("r."));
        String isError = "CASE WHEN a.status = 'error' THEN 1 ELSE 0 END";
        return "SELECT " + outer + ", failures, attempts, first_seen, last_seen, error_message FROM ("
                + "SELECT " + selected + ", a.error_message,"
                + " SUM(" + isError + ") OVER (PARTITION BY " + group + ") AS failures,"
                + " COUNT(*) OVER (" + denominator + ") AS attempts,"
                + " MIN(CASE WHEN a.status = 'error' THEN a.started_at END) OVER (PARTITION BY " + group
                + ") AS first_seen,"
                + " MAX(CASE WHEN a.status = 'error' THEN a.started_at END) OVER (PARTITION BY " + group
                + ") AS last_seen,"
                + " ROW_NUMBER() OVER (PARTITION BY " + group + " ORDER BY " + isError + " DESC,"
                + " a.started_at DESC, a.llm_run_id DESC, a.attempt DESC) AS sample_rank"
                + " FROM llm_run_attempts a"
                + (needsRuns ? " LEFT JOIN llm_runs r ON r.llm_run_id = a.llm_run_id" : "")
                + " WHERE a.started_at >= ?"
                + ") ranked WHERE sample_rank = 1 AND failures > 0";
    }

    private static FailureRow row(ResultSet result, Dialect dialect, List<String> fields) throws SQLException {
        Map<String, String> group = new LinkedHashMap<>();
        for (String field : fields) {
            group.put(field, result.getString("g_" + field));
        }
        long failures = result.getLong("failures");
        long attempts = result.getLong("attempts");
        return new FailureRow(group, failures, attempts, (double) failures / attempts,
                dialect.getInstant(result, "first_seen"), dialect.getInstant(result, "last_seen"),
                result.getString("error_message"));
    }

    // Sorting here, not in SQL, because the two databases place NULLs differently.
    private static Comparator<FailureRow> order(List<String> fields) {
        Comparator<FailureRow> comparator = Comparator.comparingLong(FailureRow::count).reversed();
        for (String field : fields) {
            comparator = comparator.thenComparing(row -> row.group().get(field),
                    Comparator.nullsLast(Comparator.naturalOrder()));
        }
        return comparator;
    }

    private static Map<String, String> orderedColumns() {
        Map<String, String> columns = new LinkedHashMap<>();
        columns.put("provider", "a.provider");
        columns.put("model", "a.model");
        columns.put("error_code", "a.error_code");
        columns.put("profile", "r.profile");
        columns.put("stage", "r.stage");
        columns.put("workspace_id", "r.workspace_id");
        return Collections.unmodifiableMap(columns);
    }
}
