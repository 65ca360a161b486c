package dev.switchboard.server.simulator;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stand-in for LLM providers on loopback, for drills, tests and benchmarks. It serves the
 * OpenAI-compatible ({@code /v1}), Gemini ({@code /v1beta}) and Ollama ({@code /api}) wire formats
 * on one port, injects the faults configured per model and marks every response with the header
 * {@code server: switchboard-simulator}.
 *
 * <p>It runs one Vert.x event loop per available processor and never blocks while responding, so a
 * model without latency or fault costs little more than the HTTP exchange itself. It is thread-safe,
 * and {@link #close()} stops it.
 */
public final class Simulator implements AutoCloseable {

    /** How many of the latest requests {@link #recentRequests()} keeps. */
    public static final int RECORDED_REQUESTS = 1024;

    private static final Logger log = LoggerFactory.getLogger(Simulator.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final Vertx vertx;
    private final SimulatorConfig config;
    private final int port;
    private final RequestRecorder recorder;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Simulator(Vertx vertx, SimulatorConfig config, int port, RequestRecorder recorder) {
        this.vertx = vertx;
        this.config = config;
        this.port = port;
        this.recorder = recorder;
    }

    /**
     * Starts a simulator and returns once it accepts connections.
     *
     * @throws IllegalStateException when it cannot listen, for example because the port is taken
     */
    public static Simulator start(SimulatorConfig config) {
        Objects.requireNonNull(config, "config");
        int eventLoops = Runtime.getRuntime().availableProcessors();
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(eventLoops));
        RequestRecorder recorder = new RequestRecorder(RECORDED_REQUESTS);
        SimulatorHandler handler = new SimulatorHandler(vertx, config, recorder);
        // Vert.x shares one socket among servers that listen on the same port. A negative port makes
        // them share one free port, where 0 would bind a separate port for each instance.
        int listenPort = config.port() == 0 ? -1 : config.port();
        Set<Integer> boundPorts = ConcurrentHashMap.newKeySet();
        try {
            await(vertx.deployVerticle(() -> new SimulatorVerticle(handler, config.host(), listenPort, boundPorts),
                    new DeploymentOptions().setInstances(eventLoops)), START_TIMEOUT);
        } catch (RuntimeException e) {
            closeQuietly(vertx);
            throw new IllegalStateException("simulator could not listen on " + config.host() + ":" + config.port()
                    + ": " + e.getMessage(), e);
        }
        int port = boundPorts.stream().filter(p -> p > 0).findFirst()
                .orElseThrow(() -> new IllegalStateException("simulator started but reported no port"));

        Simulator simulator = new Simulator(vertx, config, port, recorder);
        log.atInfo()
                .addKeyValue("url", simulator.baseUrl())
                .addKeyValue("event_loops", eventLoops)
                .addKeyValue("models_with_faults", simulator.faultyModels().size())
                .addKeyValue("key_check", config.checksKeys())
                .log("simulator started");
        return simulator;
    }

    /** Returns the port it listens on, the real one when the config gives port 0. */
    public int port() {
        return port;
    }

    /** Returns the configured loopback host. */
    public String host() {
        return config.host();
    }

    /** Returns the root URL, such as {@code http://127.0.0.1:9100}, below which the provider paths start. */
    public String baseUrl() {
        String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        return "http://" + host + ":" + port;
    }

    /** Returns the config it runs with. */
    public SimulatorConfig config() {
        return config;
    }

    /** Returns the latest requests, oldest first, up to {@link #RECORDED_REQUESTS}. */
    public List<RecordedRequest> recentRequests() {
        return recorder.snapshot();
    }

    /** Returns how many requests it has handled (responded to or reset) since it started. */
    public long requestCount() {
        return recorder.count();
    }

    /**
     * Describes the simulator in one line for the console: that this is a simulator for drills, tests and
     * benchmarks, its address, and the models with faults or their own latency. It names no key.
     */
    public String summary() {
        StringBuilder line = new StringBuilder(200)
                .append(SimulatorHandler.SERVER_NAME)
                .append(": a provider simulator for drills, tests and benchmarks, not a real LLM provider, ")
                .append("listening on ").append(baseUrl())
                .append(" (OpenAI-compatible /v1, Gemini /v1beta, Ollama /api); key check: ")
                .append(config.checksKeys() ? config.apiKeys().size() + " accepted key(s)" : "off")
                .append("; models with faults: ");
        List<String> faulty = faultyModels();
        line.append(faulty.isEmpty() ? "none" : String.join(", ", faulty));
        List<String> slow = new ArrayList<>();
        for (Map.Entry<String, ModelBehavior> entry : config.models().entrySet()) {
            ModelBehavior behaviour = entry.getValue();
            if (behaviour.fault() == Fault.NONE && behaviour.latency().isPresent()) {
                slow.add(entry.getKey() + " latency " + DurationText.format(behaviour.latency().get()));
            }
        }
        if (!slow.isEmpty()) {
            line.append("; models with own latency: ").append(String.join(", ", slow));
        }
        return line.toString();
    }

    /**
     * Stops listening and closes open connections, waiting up to 10 seconds, also when the calling
     * thread is interrupted (its interrupt status is kept). Calling it again does nothing.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        boolean interrupted = Thread.interrupted();
        try {
            await(vertx.close(), STOP_TIMEOUT);
            log.atInfo().addKeyValue("url", baseUrl()).addKeyValue("requests", requestCount())
                    .log("simulator stopped");
        } catch (RuntimeException e) {
            log.atWarn().addKeyValue("url", baseUrl()).setCause(e).log("simulator did not stop cleanly");
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private List<String> faultyModels() {
        List<String> faulty = new ArrayList<>();
        for (Map.Entry<String, ModelBehavior> entry : config.models().entrySet()) {
            ModelBehavior behaviour = entry.getValue();
            if (behaviour.fault() == Fault.NONE) {
                continue;
            }
            StringBuilder item = new StringBuilder(entry.getKey()).append('=').append(behaviour.fault().configName());
            List<String> details = new ArrayList<>();
            if (behaviour.fault() == Fault.RATE_LIMITED) {
                details.add("retry_delay " + DurationText.format(behaviour.retryDelay()));
                details.add(behaviour.quota().configName());
            }
            if (behaviour.failEvery() > 1) {
                details.add("every " + ordinal(behaviour.failEvery()) + " request");
            }
            behaviour.latency().ifPresent(latency -> details.add("latency " + DurationText.format(latency)));
            if (!details.isEmpty()) {
                item.append(" (").append(String.join(", ", details)).append(')');
            }
            faulty.add(item.toString());
        }
        return faulty;
    }

    private static String ordinal(int n) {
        int lastTwo = n % 100;
        String suffix = lastTwo >= 11 && lastTwo <= 13 ? "th" : switch (n % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
        return n + suffix;
    }

    private static <T> T await(Future<T> future, Duration timeout) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(cause.toString(), cause);
        } catch (TimeoutException e) {
            throw new IllegalStateException("timed out after " + timeout.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Vert.x", e);
        }
    }

    private static void closeQuietly(Vertx vertx) {
        try {
            await(vertx.close(), STOP_TIMEOUT);
        } catch (RuntimeException e) {
            log.atWarn().setCause(e).log("Vert.x did not stop after a failed simulator start");
        }
    }
}
