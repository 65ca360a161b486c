package dev.switchboard.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * The databases the run store supports, and how each one stores times.
 *
 * <p>PostgreSQL keeps times in {@code TIMESTAMPTZ} columns. SQLite has no time type, so times are
 * {@code TEXT} in UTC with exactly six fraction digits, such as {@code 2025-01-31T09:15:02.123456Z}:
 * text order is then time order, and SQLite's date functions accept the form. Both keep
 * microseconds, so finer parts of an {@link Instant} are truncated on write.
 */
public enum Dialect {
    SQLITE("jdbc:sqlite:", "TEXT"),
    POSTGRESQL("jdbc:postgresql:", "TIMESTAMPTZ");

    private static final DateTimeFormatter SQLITE_TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final String urlPrefix;
    private final String timestampType;

    Dialect(String urlPrefix, String timestampType) {
        this.urlPrefix = urlPrefix;
        this.timestampType = timestampType;
    }

    /**
     * Picks the dialect from a JDBC URL's scheme.
     *
     * @throws IllegalArgumentException when the URL is neither {@code jdbc:sqlite:} nor {@code jdbc:postgresql:};
     *         the message shows the URL with any password masked
     */
    public static Dialect fromJdbcUrl(String jdbcUrl) {
        if (jdbcUrl != null) {
            for (Dialect dialect : values()) {
                if (jdbcUrl.regionMatches(true, 0, dialect.urlPrefix, 0, dialect.urlPrefix.length())) {
                    return dialect;
                }
            }
        }
        throw new IllegalArgumentException("unsupported run store JDBC URL '" + JdbcUrls.mask(jdbcUrl)
                + "': use a jdbc:sqlite: URL such as jdbc:sqlite:/var/lib/switchboard/switchboard.db"
                + " or a jdbc:postgresql: URL such as jdbc:postgresql://127.0.0.1:5432/switchboard");
    }

    /**
     * Picks the dialect of an open connection from its database product name.
     *
     * @throws SQLException when the metadata cannot be read or the database is neither SQLite nor PostgreSQL
     */
    public static Dialect of(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName();
        if ("SQLite".equalsIgnoreCase(product)) {
            return SQLITE;
        }
        if ("PostgreSQL".equalsIgnoreCase(product)) {
            return POSTGRESQL;
        }
        throw new SQLException("unsupported database '" + product + "': the run store supports SQLite and PostgreSQL");
    }

    /** Returns the type of time columns, filled into the migrations' {@code timestamp_type} placeholder. */
    String timestampType() {
        return timestampType;
    }

    /** Binds a time parameter, truncated to microseconds. */
    void setInstant(PreparedStatement statement, int index, Instant instant) throws SQLException {
        Instant micros = instant.truncatedTo(ChronoUnit.MICROS);
        switch (this) {
            case SQLITE -> statement.setString(index, SQLITE_TIME.format(micros));
            case POSTGRESQL -> statement.setObject(index, OffsetDateTime.ofInstant(micros, ZoneOffset.UTC));
        }
    }

    /** Reads a time column, or null when it is SQL NULL. */
    Instant getInstant(ResultSet resultSet, String column) throws SQLException {
        return switch (this) {
            case SQLITE -> {
                String text = resultSet.getString(column);
                yield text == null ? null : Instant.parse(text);
            }
            case POSTGRESQL -> {
                OffsetDateTime time = resultSet.getObject(column, OffsetDateTime.class);
                yield time == null ? null : time.toInstant();
            }
        };
    }
}
