package dev.switchboard.server.simulator;

/** Ends the handling of a request with a prepared error reply; it carries no stack trace. */
final class InvalidRequest extends RuntimeException {

    private final transient WireReply reply;

    InvalidRequest(WireReply reply) {
        super(null, null, false, false);
        this.reply = reply;
    }

    WireReply reply() {
        return reply;
    }
}
