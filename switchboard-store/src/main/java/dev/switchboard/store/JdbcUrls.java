package dev.switchboard.store;

import java.nio.file.Path;
import java.util.regex.Pattern;

/** Helpers for JDBC URLs that may carry a password. */
final class JdbcUrls {

    // Matches password=... as a query or property parameter, and user:password@ in an authority.
    private static final Pattern PASSWORD_PARAMETER =
            Pattern.compile("(?i)(password|pwd|sslpassword)=[^&;]*");
    private static final Pattern USER_INFO = Pattern.compile("//([^/:@]*):[^/@]*@");

    private JdbcUrls() {
    }

    /** Returns the URL with every password replaced by {@code ***}, fit for messages and logs. */
    static String mask(String jdbcUrl) {
        if (jdbcUrl == null) {
            return "null";
        }
        String masked = PASSWORD_PARAMETER.matcher(jdbcUrl).replaceAll("$1=***");
        return USER_INFO.matcher(masked).replaceAll("//$1:***@");
    }

    /**
     * Returns the database file of a {@code jdbc:sqlite:} URL, or null when the URL names an
     * in-memory database.
     */
    static Path sqliteFile(String jdbcUrl) {
        String rest = jdbcUrl.substring("jdbc:sqlite:".length());
        if (rest.contains("mode=memory")) {
            return null;
        }
        int query = rest.indexOf('?');
        if (query >= 0) {
            rest = rest.substring(0, query);
        }
        if (rest.startsWith("file:")) {
            rest = rest.substring("file:".length());
        }
        if (rest.isEmpty() || rest.startsWith(":memory:")) {
            return null;
        }
        return Path.of(rest);
    }
}
