package dev.switchboard.server.simulator;

import dev.switchboard.server.simulator.RecordedRequest.Credential;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.impl.ConnectionBase;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes simulator requests to the provider wire formats, checks keys, applies faults and latency
 * and records each request. One instance serves every event loop, so all its state is thread-safe.
 */
final class SimulatorHandler implements Handler<HttpServerRequest> {

    private static final Logger log = LoggerFactory.getLogger(SimulatorHandler.class);

    static final String SERVER_NAME = "switchboard-simulator";

    private static final CharSequence SERVER = HttpHeaders.createOptimized("server");
    private static final CharSequence SERVER_VALUE = HttpHeaders.createOptimized(SERVER_NAME);
    private static final String GEMINI_MODELS = "/v1beta/models";
    private static final String OPENAI_MODELS = "/v1/models";

    private final Vertx vertx;
    private final SimulatorConfig config;
    private final RequestRecorder recorder;
    private final Map<String, AtomicLong> requestCounters;
    private final OpenAiWire openAi = new OpenAiWire();
    private final GeminiWire gemini = new GeminiWire();
    private final OllamaWire ollama = new OllamaWire();

    SimulatorHandler(Vertx vertx, SimulatorConfig config, RequestRecorder recorder) {
        this.vertx = vertx;
        this.config = config;
        this.recorder = recorder;
        Map<String, AtomicLong> counters = new HashMap<>();
        for (String model : config.models().keySet()) {
            counters.put(model, new AtomicLong());
        }
        this.requestCounters = Map.copyOf(counters);
    }

    @Override
    public void handle(HttpServerRequest request) {
        String path = request.path();
        ProviderWire wire = path.startsWith("/v1beta/") || path.equals("/v1beta")
                ? gemini
                : path.startsWith("/v1/") ? openAi : ollama;
        guarded(wire, request, () -> route(wire, request, path));
    }

    private void route(ProviderWire wire, HttpServerRequest request, String path) {
        if (wire == gemini) {
            routeGemini(request, path);
        } else if (wire == openAi) {
            routeOpenAi(request, path);
        } else {
            routeOllama(request, path);
        }
    }

    private void routeOpenAi(HttpServerRequest request, String path) {
        HttpMethod method = request.method();
        if (method == HttpMethod.POST && path.equals("/v1/chat/completions")) {
            chat(openAi, request, null);
        } else if (method == HttpMethod.GET && path.equals(OPENAI_MODELS)) {
            keyed(openAi, request, "", () -> openAi.modelList(config.models().keySet()));
        } else if (method == HttpMethod.GET && path.startsWith(OPENAI_MODELS + "/")) {
            String model = decode(path.substring(OPENAI_MODELS.length() + 1));
            keyed(openAi, request, model, () -> lookUp(openAi, model));
        } else {
            finish(openAi, request, "", Credential.NONE, Fault.NONE, openAi.unknownPath(request));
        }
    }

    private void routeGemini(HttpServerRequest request, String path) {
        HttpMethod method = request.method();
        if (method == HttpMethod.GET && path.equals(GEMINI_MODELS)) {
            keyed(gemini, request, "", () -> gemini.modelList(config.models().keySet()));
            return;
        }
        if (path.startsWith(GEMINI_MODELS + "/")) {
            String rest = path.substring(GEMINI_MODELS.length() + 1);
            int colon = rest.lastIndexOf(':');
            if (colon < 0 && method == HttpMethod.GET) {
                String model = decode(rest);
                keyed(gemini, request, model, () -> lookUp(gemini, model));
                return;
            }
            if (colon > 0 && method == HttpMethod.POST) {
                String model = decode(rest.substring(0, colon));
                String action = rest.substring(colon + 1);
                if (action.equals("generateContent")) {
                    chat(gemini, request, model);
                    return;
                }
                if (action.equals("streamGenerateContent")) {
                    keyed(gemini, request, model, gemini::streamingNotSimulated);
                    return;
                }
            }
        }
        finish(gemini, request, "", Credential.NONE, Fault.NONE, gemini.unknownPath(request));
    }

    private void routeOllama(HttpServerRequest request, String path) {
        HttpMethod method = request.method();
        // Ollama's health and version endpoints need no key, so probes work without one.
        if ((method == HttpMethod.GET || method == HttpMethod.HEAD) && path.equals("/")) {
            finish(ollama, request, "", Credential.NONE, Fault.NONE, ollama.running());
        } else if (method == HttpMethod.GET && path.equals("/api/version")) {
            finish(ollama, request, "", Credential.NONE, Fault.NONE, ollama.version());
        } else if (method == HttpMethod.POST && path.equals("/api/chat")) {
            chat(ollama, request, null);
        } else if (method == HttpMethod.GET && path.equals("/api/tags")) {
            keyed(ollama, request, "", () -> ollama.modelList(config.models().keySet()));
        } else {
            finish(ollama, request, "", Credential.NONE, Fault.NONE, ollama.unknownPath(request));
        }
    }

    /** Responds to a request that needs a valid key but no body, such as a model list. */
    private void keyed(ProviderWire wire, HttpServerRequest request, String model, Supplier<WireReply> reply) {
        PresentedKey key = wire.presentedKey(request);
        WireReply denied = keyFailure(wire, key);
        finish(wire, request, model, key.source(), Fault.NONE, denied != null ? denied : reply.get());
    }

    private WireReply lookUp(ProviderWire wire, String model) {
        if (config.strictModels() && !config.models().containsKey(model)) {
            return wire.modelNotFound(model);
        }
        return wire.modelInfo(model);
    }

    private void chat(ProviderWire wire, HttpServerRequest request, String pathModel) {
        long startNanos = System.nanoTime();
        PresentedKey key = wire.presentedKey(request);
        // NOTE: the body is buffered whole with no size limit, which suits trusted loopback clients only.
        request.body().onComplete(body -> {
            if (body.failed()) {
                log.debug("request body not received, the client closed the connection: {}",
                        body.cause().toString());
                return;
            }
            guarded(wire, request, () -> chatBody(wire, request, pathModel, key, body.result(), startNanos));
        });
    }

    private void chatBody(ProviderWire wire, HttpServerRequest request, String pathModel, PresentedKey key,
                          Buffer body, long startNanos) {
        String namedModel = pathModel == null ? "" : pathModel;
        WireReply denied = keyFailure(wire, key);
        if (denied != null) {
            finish(wire, request, namedModel, key.source(), Fault.NONE, denied);
            return;
        }
        ChatCall call;
        try {
            call = wire.parseChat(pathModel, body, startNanos);
        } catch (InvalidRequest invalid) {
            finish(wire, request, namedModel, key.source(), Fault.NONE, invalid.reply());
            return;
        }
        if (config.strictModels() && !config.models().containsKey(call.model())) {
            finish(wire, request, call.model(), key.source(), Fault.NONE, wire.modelNotFound(call.model()));
            return;
        }

        ModelBehavior behaviour = config.behaviourOf(call.model());
        Fault fault = faultFor(call.model(), behaviour);
        long delayMillis = config.latencyOf(behaviour).toMillis();
        if (delayMillis <= 0) {
            answer(wire, request, call, behaviour, fault, key.source());
        } else {
            vertx.setTimer(delayMillis, timer -> guarded(wire, request,
                    () -> answer(wire, request, call, behaviour, fault, key.source())));
        }
    }

    private void answer(ProviderWire wire, HttpServerRequest request, ChatCall call, ModelBehavior behaviour,
                        Fault fault, Credential credential) {
        String text = behaviour.reply().orElseGet(() -> ReplyText.derive(call.lastUserText()));
        finish(wire, request, call.model(), credential, fault, wire.replyFor(fault, call, behaviour, text));
    }

    /**
     * Decides the fault for this request: counts the model's requests and applies {@code fail_every}, so the
     * Nth, 2Nth… request fails whatever the timing. Models without a fault take no counter.
     */
    private Fault faultFor(String model, ModelBehavior behaviour) {
        if (behaviour.fault() == Fault.NONE) {
            return Fault.NONE;
        }
        AtomicLong counter = requestCounters.get(model);
        long sequence = counter.incrementAndGet();
        return behaviour.faultHits(sequence) ? behaviour.fault() : Fault.NONE;
    }

    /** Returns the auth error for {@code key}, or null when the request may go on. */
    private WireReply keyFailure(ProviderWire wire, PresentedKey key) {
        if (!config.checksKeys()) {
            return null;
        }
        if (key.value() == null) {
            return wire.missingKey();
        }
        return config.accepts(key.value()) ? null : wire.invalidKey();
    }

    private void finish(ProviderWire wire, HttpServerRequest request, String model, Credential credential,
                        Fault fault, WireReply reply) {
        int status = reply.reset() ? 0 : reply.status();
        String userAgent = request.getHeader(HttpHeaders.USER_AGENT);
        recorder.record(new RecordedRequest(wire.kind(), request.method().name(), request.path(), model,
                credential, userAgent == null ? "" : userAgent, fault, status));
        if (log.isDebugEnabled()) {
            // The path never includes the query string, where a Gemini client may put its key.
            log.atDebug()
                    .addKeyValue("provider", wire.kind().id())
                    .addKeyValue("method", request.method().name())
                    .addKeyValue("path", request.path())
                    .addKeyValue("model", model)
                    .addKeyValue("fault", fault.configName())
                    .addKeyValue("status", status)
                    .log("simulated request");
        }
        if (reply.reset()) {
            reset(request.connection());
            return;
        }
        HttpServerResponse response = request.response();
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(status);
        response.putHeader(SERVER, SERVER_VALUE);
        response.putHeader(HttpHeaders.CONTENT_TYPE, reply.contentType());
        reply.headers().forEach(response::putHeader);
        if (request.method() == HttpMethod.HEAD) {
            // Vert.x 5 writes the body of a HEAD response, which HTTP forbids, so only its length goes out.
            response.putHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(reply.body().length()));
            response.end();
        } else {
            response.end(reply.body());
        }
    }

    private void guarded(ProviderWire wire, HttpServerRequest request, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            log.atError()
                    .addKeyValue("provider", wire.kind().id())
                    .addKeyValue("path", request.path())
                    .setCause(e)
                    .log("simulator failed to answer a request");
            HttpServerResponse response = request.response();
            if (!response.ended() && !response.closed()) {
                WireReply reply = wire.serverError(null);
                response.setStatusCode(reply.status())
                        .putHeader(SERVER, SERVER_VALUE)
                        .putHeader(HttpHeaders.CONTENT_TYPE, reply.contentType())
                        .end(reply.body());
            }
        }
    }

    /**
     * Drops the connection with a TCP reset, the way a crashed upstream or a middlebox does. With
     * SO_LINGER 0 the kernel sends RST instead of FIN, so clients see "connection reset" rather
     * than a clean end of stream.
     */
    private static void reset(HttpConnection connection) {
        // NOTE: ConnectionBase is a Vert.x implementation class (vertx-core 5.0.x); without it the
        // connection is still closed, but with FIN.
        if (connection instanceof ConnectionBase base) {
            Channel channel = base.channel();
            channel.config().setOption(ChannelOption.SO_LINGER, 0);
            channel.close();
        } else {
            connection.close();
        }
    }

    private static String decode(String segment) {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        try {
            // URLDecoder follows form encoding, where '+' means space, so a literal '+' is kept.
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return segment;
        }
    }
}
