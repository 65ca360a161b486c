package dev.switchboard.run;

/** The outcome of a run or an attempt, as written to logs, metrics and rows. */
public enum RunStatus {
    OK("ok"), ERROR("error");

    private final String value;

    RunStatus(String value) {
        this.value = value;
    }

    /** The lowercase value, {@code ok} or {@code error}. */
    public String value() {
        return value;
    }
}
