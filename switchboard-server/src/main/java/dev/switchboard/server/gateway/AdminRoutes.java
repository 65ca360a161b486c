package dev.switchboard.server.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.LlmService;
import dev.switchboard.routing.RouterPolicy;
import dev.switchboard.server.config.Durations;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.time.Duration;

/**
 * Live routing changes for the runbook: {@code GET /admin/state}, {@code PUT /admin/router}
 * with {@code {"preferred_provider": NAME|null}}, and {@code PUT /admin/providers/NAME} with
 * {@code {"max_concurrency": N, "timeout": "60s"}}. Changes last until the gateway restarts.
 */
final class AdminRoutes {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AdminRoutes.class);

    private final LlmService service;
    private final ObjectMapper mapper;

    AdminRoutes(LlmService service, ObjectMapper mapper) {
        this.service = service;
        this.mapper = mapper;
    }

    void handle(HttpServerRequest request, byte[] body, GatewayHandler.ErrorSender errors) {
        String path = request.path();
        try {
            if (path.equals("/admin/state") && request.method() == HttpMethod.GET) {
                sendState(request);
            } else if (path.equals("/admin/router") && request.method() == HttpMethod.PUT) {
                JsonNode json = read(body, java.util.Set.of("preferred_provider"));
                if (!json.has("preferred_provider")) {
                    throw GatewayError.invalid("preferred_provider", "the body must set preferred_provider to a"
                            + " provider name or null");
                }
                JsonNode preferred = json.path("preferred_provider");
                String name = preferred.isNull() || preferred.isMissingNode() ? null : preferred.asText();
                if (name != null && service.providerStates().stream().noneMatch(p -> p.name().equals(name))) {
                    throw GatewayError.invalid("preferred_provider", "'" + name + "' is not a configured provider;"
                            + " use one of " + service.providerStates().stream().map(LlmService.ProviderState::name)
                            .toList() + " or null");
                }
                service.setRouterPolicy(new RouterPolicy(name));
                LOG.atWarn().addKeyValue("preferred_provider", name).log("router policy changed through the admin API");
                sendState(request);
            } else if (path.startsWith("/admin/providers/") && request.method() == HttpMethod.PUT) {
                String name = path.substring("/admin/providers/".length());
                JsonNode json = read(body, java.util.Set.of("max_concurrency", "timeout"));
                Integer maxConcurrency = null;
                if (json.hasNonNull("max_concurrency")) {
                    JsonNode value = json.get("max_concurrency");
                    if (!value.canConvertToInt() || value.asInt() < 1 || value.asInt() > 100_000) {
                        throw GatewayError.invalid("max_concurrency", "max_concurrency must be a whole number from 1"
                                + " to 100000");
                    }
                    maxConcurrency = value.asInt();
                }
                Duration timeout = json.hasNonNull("timeout") ? Durations.parse(json.get("timeout").asText()) : null;
                if (maxConcurrency == null && timeout == null) {
                    throw GatewayError.invalid(null, "set max_concurrency, timeout or both");
                }
                service.updateProvider(name, maxConcurrency, timeout);
                LOG.atWarn().addKeyValue("provider", name).addKeyValue("max_concurrency", maxConcurrency)
                        .addKeyValue("timeout_ms", timeout == null ? null : timeout.toMillis())
                        .log("provider limits changed through the admin API");
                sendState(request);
            } else {
                errors.send(request, 404, "invalid_request_error", "not_found", null, "no admin route for "
                        + request.method() + " " + path + "; use GET /admin/state, PUT /admin/router or"
                        + " PUT /admin/providers/NAME", null);
            }
        } catch (GatewayError e) {
            errors.send(request, e.status, e.type, e.code, e.param, e.getMessage(), null);
        } catch (IllegalArgumentException e) {
            errors.send(request, 400, "invalid_request_error", "invalid_value", null, e.getMessage(), null);
        }
    }

    private JsonNode read(byte[] body, java.util.Set<String> allowed) {
        try {
            JsonNode json = mapper.readTree(body);
            if (json == null || !json.isObject()) {
                throw GatewayError.invalid(null, "the body must be a JSON object");
            }
            for (java.util.Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
                String field = it.next();
                if (!allowed.contains(field)) {
                    throw GatewayError.invalid(field, "unknown field '" + field + "'; allowed: "
                            + new java.util.TreeSet<>(allowed));
                }
            }
            return json;
        } catch (IOException e) {
            throw GatewayError.invalid(null, "the body is not valid JSON");
        }
    }

    private void sendState(HttpServerRequest request) throws IllegalArgumentException {
        ObjectNode state = mapper.createObjectNode();
        state.put("preferred_provider", service.routerPolicy().preferredProvider());
        ArrayNode providers = state.putArray("providers");
        for (LlmService.ProviderState provider : service.providerStates()) {
            providers.addObject()
                    .put("name", provider.name())
                    .put("type", provider.kind())
                    .put("max_concurrency", provider.maxConcurrency())
                    .put("timeout", Durations.format(provider.timeout()))
                    .put("in_flight", provider.inFlight())
                    .put("queued", provider.queued());
        }
        request.response().setStatusCode(200).putHeader("Content-Type", "application/json").end(state.toString());
    }
}
