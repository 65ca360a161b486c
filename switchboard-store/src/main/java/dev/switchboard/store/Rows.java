package dev.switchboard.store;

import dev.switchboard.Usage;
import dev.switchboard.run.RunStatus;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.OptionalInt;

/** Column conversions shared by the writer and the queries. */
final class Rows {

    private Rows() {
    }

    static RunStatus status(String value) {
        for (RunStatus status : RunStatus.values()) {
            if (status.value().equals(value)) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown run status '" + value + "'; expected ok or error");
    }

    /** Binds a token count, writing SQL NULL when the count is absent. */
    static void setCount(PreparedStatement statement, int index, OptionalInt count) throws SQLException {
        if (count.isPresent()) {
            statement.setInt(index, count.getAsInt());
        } else {
            statement.setNull(index, Types.INTEGER);
        }
    }

    /** Reads the three token columns; SQL NULL becomes an absent count. */
    static Usage usage(ResultSet resultSet) throws SQLException {
        return new Usage(count(resultSet, "input_tokens"), count(resultSet, "output_tokens"),
                count(resultSet, "total_tokens"));
    }

    private static OptionalInt count(ResultSet resultSet, String column) throws SQLException {
        int value = resultSet.getInt(column);
        return resultSet.wasNull() ? OptionalInt.empty() : OptionalInt.of(value);
    }
}
