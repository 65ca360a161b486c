package dev.switchboard.server.gateway;

import dev.switchboard.LlmService;
import dev.switchboard.provider.ProviderClients;
import dev.switchboard.provider.ProviderSettings;
import dev.switchboard.routing.Profile;
import dev.switchboard.server.config.SwitchboardConfig;
import dev.switchboard.server.transport.VertxHttpTransport;
import dev.switchboard.store.RunStore;
import dev.switchboard.store.StoreSettings;
import dev.switchboard.telemetry.Telemetry;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's composition root: builds the run store, telemetry, provider clients and
 * {@link LlmService} from a configuration and serves them over HTTP.
 *
 * <pre>{@code
 * try (Gateway gateway = Gateway.start(ConfigLoader.load(path, System.getenv()))) {
 *     System.out.println("listening on " + gateway.port());
 * }
 * }</pre>
 */
public final class Gateway implements AutoCloseable {

    private final Vertx vertx;
    private final VertxHttpTransport transport;
    private final RunStore store;
    private final LlmService service;
    private final PrometheusMeterRegistry registry;
    private final GatewayKeys.Resolved key;
    private final int port;
    private final String host;
    private final GatewayHandler handler;

    private Gateway(Vertx vertx, VertxHttpTransport transport, RunStore store, LlmService service,
            PrometheusMeterRegistry registry, GatewayKeys.Resolved key, String host, int port, GatewayHandler handler) {
        this.handler = handler;
        this.vertx = vertx;
        this.transport = transport;
        this.store = store;
        this.service = service;
        this.registry = registry;
        this.key = key;
        this.host = host;
        this.port = port;
    }

    /** Starts the gateway on the configured port. */
    public static Gateway start(SwitchboardConfig config) {
        return start(config, config.server().port());
    }

    /**
     * Starts the gateway on {@code port}; 0 picks a free port.
     *
     * @throws IllegalStateException when the port is taken or the store cannot be opened
     */
    public static Gateway start(SwitchboardConfig config, int port) {
        GatewayKeys.Resolved key = GatewayKeys.resolve(config.server().gatewayKey(), config.dataDir());
        List<String> secrets = new ArrayList<>(config.secrets());
        secrets.add(key.key().reveal());
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        Telemetry telemetry = Telemetry.create(config.telemetry(), registry, secrets);
        RunStore store = RunStore.open(storeSettings(config));
        telemetry.bindRunSink(store::stats);
        int cores = Runtime.getRuntime().availableProcessors();
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(cores).setPreferNativeTransport(true));
        int maxConnections = config.providers().stream().mapToInt(ProviderSettings::maxConcurrency).max().orElse(64);
        VertxHttpTransport transport = new VertxHttpTransport(vertx, maxConnections);
        LlmService.Builder builder = LlmService.builder()
                .telemetry(telemetry)
                .runSink(store)
                .routerPolicy(config.routerPolicy())
                .clock(Clock.systemUTC());
        for (ProviderSettings provider : config.providers()) {
            builder.provider(ProviderClients.create(provider, transport));
        }
        for (Profile profile : config.profiles()) {
            builder.profile(profile);
        }
        LlmService service = builder.build();
        GatewayHandler handler = new GatewayHandler(service, telemetry, registry, key.key(),
                config.server().maxBodyBytes(), Clock.systemUTC());
        int boundPort = port == 0 ? freePort(config.server().host()) : port;
        try {
            vertx.deployVerticle(() -> new GatewayVerticle(handler, config.server().host(), boundPort),
                    new DeploymentOptions().setInstances(cores)).await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            vertx.close();
            store.close();
            throw new IllegalStateException("cannot listen on " + config.server().host() + ":" + boundPort + " ("
                    + e.getMessage() + "); pick another port with --port or stop the process using it", e);
        }
        return new Gateway(vertx, transport, store, service, registry, key, config.server().host(), boundPort,
                handler);
    }

    /** Builds the run store settings of a configuration, with the spill file in the data folder. */
    public static StoreSettings storeSettings(SwitchboardConfig config) {
        return StoreSettings.of(config.store().url(), config.store().user(), config.store().password(),
                        config.dataDir().resolve(StoreSettings.SPILL_FILE_NAME))
                .withQueueCapacity(config.store().queueCapacity())
                .withBatchSize(config.store().batchSize());
    }

    /** Returns a TCP port on {@code host} that was free a moment ago, for servers started on port 0. */
    public static int freePort(String host) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(host, 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on " + host, e);
        }
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://" + host + ":" + port;
    }

    public GatewayKeys.Resolved key() {
        return key;
    }

    public LlmService service() {
        return service;
    }

    public RunStore store() {
        return store;
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /**
     * Rejects new requests with 503, waits up to {@link #DRAIN_TIMEOUT} for the calls under way
     * (retry delays included) to finish and be recorded, then stops the server and flushes the
     * run store.
     */
    @Override
    public void close() {
        handler.startDraining();
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        while (handler.inFlight() > 0 && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        try {
            vertx.close().await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            // The store is flushed below whether or not the event loops stopped in time.
        } finally {
            transport.close();
            store.close();
        }
    }

    /** How long {@link #close()} waits for calls under way; longer than the default retry delay cap. */
    public static final java.time.Duration DRAIN_TIMEOUT = java.time.Duration.ofSeconds(30);
}
