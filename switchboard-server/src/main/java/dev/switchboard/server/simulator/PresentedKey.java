package dev.switchboard.server.simulator;

import dev.switchboard.server.simulator.RecordedRequest.Credential;

/** The API key a request carried and where; {@code value} is null when it carried none. */
record PresentedKey(Credential source, String value) {

    static final PresentedKey NONE = new PresentedKey(Credential.NONE, null);

    @Override
    public String toString() {
        return "PresentedKey[source=" + source + ", value=[REDACTED]]";
    }
}
