package dev.switchboard.server.cli;

import dev.switchboard.server.config.ConfigException;
import dev.switchboard.server.config.ConfigLoader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code switchboard admin}: live routing changes on a running gateway, the runbook's commands.
 * Changes last until the gateway restarts; make them permanent in the configuration file.
 */
@Command(name = "admin", mixinStandardHelpOptions = true,
        description = "Change routing on a running gateway: show its state, prefer a provider, change a provider's"
                + " concurrency limit or timeout. Changes last until the gateway restarts.",
        subcommands = {AdminCommand.State.class, AdminCommand.Prefer.class, AdminCommand.Provider.class})
final class AdminCommand {

    /** Options shared by every admin subcommand. */
    static class Target {
        @Option(names = "--url", paramLabel = "URL",
                description = "the gateway's base URL (default: from --config, else http://127.0.0.1:8080)")
        String url;

        @Option(names = "--key-file", paramLabel = "FILE",
                description = "file holding the gateway key; default: $SWITCHBOARD_KEY, else the gateway.key in the"
                        + " data folder of --config (or $SWITCHBOARD_HOME, or ./data)")
        Path keyFile;

        @Option(names = {"-c", "--config"}, paramLabel = "FILE",
                description = "the gateway's configuration, for its gateway key and, without --url, its address")
        Path configFile;

        String key() throws IOException {
            if (keyFile != null) {
                return Files.readString(keyFile).strip();
            }
            String env = System.getenv("SWITCHBOARD_KEY");
            if (env != null && !env.isBlank()) {
                return env.strip();
            }
            Path dataDir;
            if (configFile != null) {
                dataDir = ConfigLoader.load(configFile, System.getenv()).dataDir();
            } else {
                String home = System.getenv("SWITCHBOARD_HOME");
                dataDir = Path.of(home == null || home.isBlank() ? "data" : home);
            }
            Path file = dataDir.resolve("gateway.key");
            if (!Files.exists(file)) {
                throw new IOException("no gateway key found in " + file + "; set SWITCHBOARD_KEY, pass --key-file,"
                        + " or pass the gateway's --config");
            }
            return Files.readString(file).strip();
        }

        String baseUrl() {
            if (url == null && configFile != null) {
                var server = ConfigLoader.load(configFile, System.getenv()).server();
                return "http://" + server.host() + ":" + server.port();
            }
            return url == null ? "http://127.0.0.1:8080" : url;
        }

        int send(String method, String path, String json) throws InterruptedException {
            try {
                return trySend(method, path, json);
            } catch (IOException | IllegalArgumentException | ConfigException e) {
                System.err.println("switchboard admin: " + e.getMessage());
                return 1;
            }
        }

        private int trySend(String method, String path, String json) throws IOException, InterruptedException {
            String base = baseUrl();
            URI target = URI.create(base + path);
            if (target.getScheme() == null || target.getHost() == null) {
                throw new IllegalArgumentException("--url '" + base + "' is not an http URL; write it like"
                        + " http://127.0.0.1:8080");
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(target)
                    .timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + key())
                    .header("Content-Type", "application/json");
            request.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json));
            try (HttpClient client = HttpClient.newHttpClient()) {
                HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
                (response.statusCode() == 200 ? System.out : System.err).println(response.body());
                return response.statusCode() == 200 ? 0 : 1;
            } catch (java.net.ConnectException | java.net.http.HttpTimeoutException e) {
                System.err.println("switchboard admin: no answer from the gateway at " + base
                        + "; is `switchboard serve` running there?");
                return 1;
            }
        }
    }

    @Command(name = "state", mixinStandardHelpOptions = true,
            description = "Print the router policy and each provider's concurrency limit, timeout and load.")
    static final class State extends Target implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            return send("GET", "/admin/state", null);
        }
    }

    @Command(name = "prefer", mixinStandardHelpOptions = true,
            description = "Move a provider's deployments to the front of every profile; 'none' restores the"
                    + " profiles' own order.")
    static final class Prefer extends Target implements Callable<Integer> {
        @Parameters(paramLabel = "PROVIDER", description = "a configured provider name, or none")
        String provider;

        @Override
        public Integer call() throws Exception {
            String value = provider.equals("none") ? "null" : "\"" + provider.replace("\"", "") + "\"";
            return send("PUT", "/admin/router", "{\"preferred_provider\":" + value + "}");
        }
    }

    @Command(name = "provider", mixinStandardHelpOptions = true,
            description = "Change a provider's concurrency limit or attempt timeout.")
    static final class Provider extends Target implements Callable<Integer> {
        @Parameters(paramLabel = "PROVIDER", description = "a configured provider name")
        String provider;

        @Option(names = "--max-concurrency", paramLabel = "N", description = "attempts in flight at most")
        Integer maxConcurrency;

        @Option(names = "--timeout", paramLabel = "DURATION", description = "attempt timeout, such as 90s")
        String timeout;

        @Override
        public Integer call() throws Exception {
            if (maxConcurrency == null && timeout == null) {
                System.err.println("give --max-concurrency N, --timeout DURATION or both");
                return 2;
            }
            StringBuilder json = new StringBuilder("{");
            if (maxConcurrency != null) {
                json.append("\"max_concurrency\":").append(maxConcurrency);
            }
            if (timeout != null) {
                json.append(json.length() > 1 ? "," : "").append("\"timeout\":\"").append(timeout.replace("\"", ""))
                        .append('"');
            }
            json.append('}');
            return send("PUT", "/admin/providers/" + provider, json.toString());
        }
    }
}
