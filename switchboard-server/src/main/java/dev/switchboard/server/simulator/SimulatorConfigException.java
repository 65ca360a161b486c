package dev.switchboard.server.simulator;

/**
 * An invalid simulator configuration. The message names the setting (for example
 * {@code simulator.models.flaky.fault}), the rejected value and the allowed values. API keys are
 * never part of the message.
 */
public final class SimulatorConfigException extends IllegalArgumentException {

    private final String field;

    /** Creates an exception for the setting at {@code field}, a dotted YAML path. */
    public SimulatorConfigException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    /** Returns the dotted YAML path of the rejected setting, such as {@code simulator.port}. */
    public String field() {
        return field;
    }
}
