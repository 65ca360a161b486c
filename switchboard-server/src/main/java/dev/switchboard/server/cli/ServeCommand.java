package dev.switchboard.server.cli;

import dev.switchboard.provider.ProviderSettings;
import dev.switchboard.server.config.ConfigException;
import dev.switchboard.server.config.SwitchboardConfig;
import dev.switchboard.server.gateway.Gateway;
import dev.switchboard.server.gateway.ProviderProbe;
import dev.switchboard.provider.JdkHttpTransport;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code switchboard serve}: the OpenAI-compatible gateway. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the OpenAI-compatible gateway: POST /v1/chat/completions, GET /v1/models, GET /metrics,"
                + " GET /health. JSON log lines go to standard output, status lines to standard error.")
final class ServeCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Option(names = {"-p", "--port"}, paramLabel = "N", description = "TCP port; overrides server.port (default 8080)")
    Integer port;

    @Override
    public Integer call() throws InterruptedException {
        if (port != null && (port < 0 || port > 65535)) {
            System.err.println("switchboard serve: --port " + port + " is out of range; use 1 to 65535, or 0 for a"
                    + " free port");
            return 2;
        }
        SwitchboardConfig loaded;
        try {
            loaded = config.load();
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return 1;
        }
        Gateway gateway;
        try {
            gateway = Gateway.start(loaded, port != null ? port : loaded.server().port());
        } catch (IllegalStateException | IllegalArgumentException e) {
            System.err.println("switchboard serve: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.close();
            stopped.countDown();
        }, "switchboard-shutdown"));
        System.err.println("switchboard gateway listening on " + gateway.baseUrl() + " (config: " + loaded.source()
                + ", store: " + loaded.store().url() + ")");
        if (gateway.key().generated()) {
            System.err.println("generated gateway key (shown once; stored in " + gateway.key().file() + "): "
                    + gateway.key().key().reveal());
        } else if (gateway.key().file() != null) {
            System.err.println("gateway key: read from " + gateway.key().file());
        }
        try (JdkHttpTransport probeTransport = new JdkHttpTransport(Duration.ofSeconds(2))) {
            for (ProviderSettings provider : loaded.providers()) {
                String verdict = ProviderProbe.probe(provider, probeTransport, Duration.ofSeconds(3)).join();
                System.err.println("provider " + provider.name() + " (" + provider.kind().id() + " at "
                        + provider.endpoint() + "): " + verdict);
            }
        }
        stopped.await();
        return 0;
    }
}
