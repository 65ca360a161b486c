package dev.switchboard.server.gateway;

/**
 * A request the gateway rejects before any provider is called, answered in the OpenAI error
 * format.
 */
final class GatewayError extends RuntimeException {

    final int status;
    final String type;
    final String code;
    final String param;

    GatewayError(int status, String type, String code, String param, String message) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.code = code;
        this.param = param;
    }

    static GatewayError invalid(String param, String message) {
        return new GatewayError(400, "invalid_request_error", "invalid_value", param, message);
    }
}
