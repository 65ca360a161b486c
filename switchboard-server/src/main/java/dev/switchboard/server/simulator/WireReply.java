package dev.switchboard.server.simulator;

import io.vertx.core.buffer.Buffer;
import java.util.Map;

/** A simulated HTTP response: status, body and extra headers, or a connection reset that sends nothing. */
record WireReply(int status, CharSequence contentType, Buffer body, Map<CharSequence, CharSequence> headers,
                 boolean reset) {

    static final WireReply RESET = new WireReply(0, "", Buffer.buffer(), Map.of(), true);

    static WireReply of(int status, CharSequence contentType, Buffer body) {
        return new WireReply(status, contentType, body, Map.of(), false);
    }

    static WireReply json(int status, Buffer body) {
        return of(status, ProviderWire.APPLICATION_JSON, body);
    }

    WireReply withHeaders(Map<CharSequence, CharSequence> extra) {
        return new WireReply(status, contentType, body, extra, reset);
    }

    /** Returns the same reply with its body cut in half, so a JSON parser meets the end of input. */
    WireReply truncated() {
        return new WireReply(status, contentType, body.getBuffer(0, body.length() / 2), headers, reset);
    }
}
