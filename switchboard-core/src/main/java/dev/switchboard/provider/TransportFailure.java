package dev.switchboard.provider;

/**
 * A request that got no complete HTTP response. The message names the endpoint by host and port
 * only, never by path or query.
 */
public final class TransportFailure extends RuntimeException {

    /** What went wrong on the wire. */
    public enum Kind {
        /** The connection could not be opened: refused, unknown host, no route, connect timeout. */
        CONNECT,
        /** The response did not arrive within the attempt's timeout. */
        TIMEOUT,
        /** The connection broke while the request or response was under way. */
        IO
    }

    private final Kind kind;

    public TransportFailure(Kind kind, String message, Throwable cause) {
        super(message, cause, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
