package dev.switchboard.store;

/**
 * Thrown when a run store cannot start: the database rejects the credentials, the database does
 * not exist, the schema migration fails, or the spill file cannot be opened. The message names the
 * URL with any password masked, and what to fix.
 */
public class RunStoreException extends RuntimeException {

    public RunStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
