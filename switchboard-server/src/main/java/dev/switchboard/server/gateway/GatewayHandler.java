package dev.switchboard.server.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.ChatRequest;
import dev.switchboard.ChatResponse;
import dev.switchboard.LlmService;
import dev.switchboard.Secret;
import dev.switchboard.error.LlmException;
import dev.switchboard.telemetry.Telemetry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletionException;

/**
 * Routes gateway requests: {@code POST /v1/chat/completions}, {@code GET /v1/models},
 * {@code GET /metrics}, {@code GET /health} and the admin routes. Every route but
 * {@code /health} needs the gateway key as a bearer token. Thread-safe; one instance serves
 * every event loop.
 */
public final class GatewayHandler implements Handler<HttpServerRequest> {

    static final String WORKSPACE_HEADER = "X-Workspace-Id";
    static final String STAGE_HEADER = "X-Stage";
    static final String RUN_ID_HEADER = "X-Llm-Run-Id";
    static final String DEFAULT_WORKSPACE = "default";
    static final String DEFAULT_STAGE = "gateway";
    static final int MAX_ID_LENGTH = 256;

    private static final Buffer HEALTH = Buffer.buffer("{\"status\":\"ok\"}");
    private static final Buffer DRAINING = Buffer.buffer("{\"status\":\"shutting_down\"}");

    private final LlmService service;
    private final Telemetry telemetry;
    private final PrometheusMeterRegistry registry;
    private final Secret gatewayKey;
    private final int maxBodyBytes;
    private final Clock clock;
    private final ChatCompletionParser parser;
    private final ResponseWriter writer;
    private final AdminRoutes admin;
    private final List<String> profileNames;
    private final long startedEpochSeconds;
    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean draining;

    public GatewayHandler(LlmService service, Telemetry telemetry, PrometheusMeterRegistry registry, Secret gatewayKey,
            int maxBodyBytes, Clock clock) {
        this.service = service;
        this.telemetry = telemetry;
        this.registry = registry;
        this.gatewayKey = gatewayKey;
        this.maxBodyBytes = maxBodyBytes;
        this.clock = clock;
        ObjectMapper mapper = new ObjectMapper();
        this.parser = new ChatCompletionParser(mapper);
        this.writer = new ResponseWriter(mapper.getFactory());
        this.admin = new AdminRoutes(service, mapper);
        this.profileNames = service.profiles().keySet().stream().sorted().toList();
        this.startedEpochSeconds = clock.instant().getEpochSecond();
    }

    @Override
    public void handle(HttpServerRequest request) {
        long started = System.nanoTime();
        String path = request.path();
        if (path.equals("/health") && (request.method() == HttpMethod.GET || request.method() == HttpMethod.HEAD)) {
            json(request.response(), draining ? 503 : 200).end(draining ? DRAINING : HEALTH);
            return;
        }
        if (draining) {
            request.response().putHeader("Connection", "close");
            sendError(request, 503, "service_unavailable", "shutting_down", null,
                    "the gateway is shutting down; retry against another instance", null);
            return;
        }
        if (!authorized(request)) {
            telemetry.gatewayRejected("unauthorized");
            request.response().putHeader("WWW-Authenticate", "Bearer");
            sendError(request, 401, "invalid_request_error", "invalid_api_key", null,
                    "missing or invalid gateway key; send it as the header 'Authorization: Bearer <key>'", null);
            return;
        }
        if (path.equals("/v1/chat/completions")) {
            if (request.method() != HttpMethod.POST) {
                methodNotAllowed(request, "POST");
                return;
            }
            readBody(request, body -> chat(request, body, started));
        } else if (path.equals("/v1/models") && request.method() == HttpMethod.GET) {
            json(request.response(), 200).end(Buffer.buffer(writer.models(profileNames, startedEpochSeconds)));
        } else if (path.equals("/metrics") && request.method() == HttpMethod.GET) {
            request.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                    .end(registry.scrape());
        } else if (path.startsWith("/admin/")) {
            readBody(request, body -> admin.handle(request, body, this::sendError));
        } else {
            telemetry.gatewayRejected("not_found");
            sendError(request, 404, "invalid_request_error", "not_found", null, "no route for " + request.method()
                    + " " + path + "; routes: POST /v1/chat/completions, GET /v1/models, GET /metrics, GET /health", null);
        }
    }

    private boolean authorized(HttpServerRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return gatewayKey.matches(header.substring(7).strip());
    }

    private void readBody(HttpServerRequest request, Handler<byte[]> onBody) {
        String length = request.getHeader("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.strip()) > maxBodyBytes) {
                    tooLarge(request);
                    return;
                }
            } catch (NumberFormatException e) {
                sendError(request, 400, "invalid_request_error", "invalid_value", null,
                        "Content-Length '" + length + "' is not a number", null);
                return;
            }
        }
        Buffer body = Buffer.buffer();
        boolean[] rejected = {false};
        request.handler(chunk -> {
            if (rejected[0]) {
                return;
            }
            if (body.length() + chunk.length() > maxBodyBytes) {
                rejected[0] = true;
                tooLarge(request);
                return;
            }
            body.appendBuffer(chunk);
        });
        request.endHandler(ignored -> {
            if (!rejected[0]) {
                onBody.handle(body.getBytes());
            }
        });
    }

    private void tooLarge(HttpServerRequest request) {
        telemetry.gatewayRejected("bad_request");
        request.response().putHeader("Connection", "close");
        sendError(request, 413, "invalid_request_error", "request_too_large", null,
                "the request body exceeds " + maxBodyBytes + " bytes; raise server.max_body_bytes or send less", null);
    }

    private void chat(HttpServerRequest request, byte[] body, long started) {
        ChatRequest chat;
        try {
            chat = parser.parse(body, header(request, WORKSPACE_HEADER, DEFAULT_WORKSPACE),
                    header(request, STAGE_HEADER, DEFAULT_STAGE));
        } catch (GatewayError e) {
            telemetry.gatewayRejected("bad_request");
            sendError(request, e.status, e.type, e.code, e.param, e.getMessage(), null);
            return;
        }
        inFlight.incrementAndGet();
        service.chatAsync(chat).whenComplete((response, error) -> {
            inFlight.decrementAndGet();
            if (error == null) {
                respond(request, response, started);
            } else {
                fail(request, error);
            }
        });
    }

    private void respond(HttpServerRequest request, ChatResponse response, long started) {
        byte[] body = writer.completion(response, clock.instant().getEpochSecond());
        json(request.response(), 200)
                .putHeader(RUN_ID_HEADER, response.llmRunId())
                .end(Buffer.buffer(body));
        telemetry.recordGatewayOverhead(System.nanoTime() - started - response.providerTime().toNanos());
    }

    private void fail(HttpServerRequest request, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (!(cause instanceof LlmException failure)) {
            sendError(request, 500, "api_error", "internal_error", null, "internal gateway error: "
                    + cause.getClass().getSimpleName(), null);
            return;
        }
        String runId = failure.llmRunId();
        if (failure.retryAfter().isPresent()) {
            long seconds = Math.max(1, (failure.retryAfter().get().toMillis() + 999) / 1000);
            request.response().putHeader("Retry-After", Long.toString(seconds));
        }
        if (runId != null) {
            request.response().putHeader(RUN_ID_HEADER, runId);
        }
        sendError(request, ResponseWriter.status(failure), ResponseWriter.type(failure), failure.errorCode().code(),
                null, failure.getMessage(), runId);
    }

    /** Rejects new requests with 503 from now on, so that the calls under way can finish. */
    void startDraining() {
        draining = true;
    }

    /** Returns the number of chat calls that have started and not yet finished. */
    int inFlight() {
        return inFlight.get();
    }

    void sendError(HttpServerRequest request, int status, String type, String code, String param, String message,
            String runId) {
        HttpServerResponse response = request.response();
        if (response.ended()) {
            return;
        }
        // Messages can quote request values (a profile name, a duration), so they are redacted
        // like everything else that leaves the gateway.
        json(response, status).end(Buffer.buffer(writer.error(telemetry.redactMessage(message), type, code,
                param == null ? null : telemetry.redactMessage(param), runId)));
    }

    private void methodNotAllowed(HttpServerRequest request, String allowed) {
        request.response().putHeader("Allow", allowed);
        sendError(request, 405, "invalid_request_error", "method_not_allowed", null,
                request.method() + " is not allowed on " + request.path() + "; use " + allowed, null);
    }

    private static String header(HttpServerRequest request, String name, String fallback) {
        String value = request.getHeader(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        // HTTP/1.1 decodes header bytes as ISO-8859-1; clients send UTF-8, so the bytes are read again.
        String decoded = new String(value.strip().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1),
                java.nio.charset.StandardCharsets.UTF_8);
        if (decoded.length() > MAX_ID_LENGTH) {
            throw GatewayError.invalid(name, name + " is " + decoded.length() + " characters long; the limit is "
                    + MAX_ID_LENGTH);
        }
        return decoded;
    }

    private static HttpServerResponse json(HttpServerResponse response, int status) {
        return response.setStatusCode(status).putHeader("Content-Type", "application/json");
    }

    /** Sends an error response; used by the admin routes. */
    @FunctionalInterface
    interface ErrorSender {
        void send(HttpServerRequest request, int status, String type, String code, String param, String message,
                String runId);
    }
}
