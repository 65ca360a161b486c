package dev.switchboard.store;

class SqliteFailureReportTest extends FailureReportContract {

    private final SqliteTarget target = new SqliteTarget();

    @Override
    StoreTarget target() {
        return target;
    }
}
