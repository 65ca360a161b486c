package dev.switchboard.server.cli;

import dev.switchboard.provider.ProviderSettings;
import dev.switchboard.routing.Deployment;
import dev.switchboard.routing.Profile;
import dev.switchboard.server.config.ConfigException;
import dev.switchboard.server.config.ConfigLoader;
import dev.switchboard.server.config.Durations;
import dev.switchboard.server.config.SwitchboardConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code switchboard config check FILE}. */
@Command(name = "config", mixinStandardHelpOptions = true, description = "Configuration tools.",
        subcommands = ConfigCommand.Check.class)
final class ConfigCommand {

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Validate a configuration file and print what it configures; exit 1 listing every"
                    + " problem with its line.")
    static final class Check implements Callable<Integer> {

        @Parameters(paramLabel = "FILE", description = "the YAML configuration file")
        Path file;

        @Override
        public Integer call() {
            SwitchboardConfig config;
            try {
                config = ConfigLoader.load(file, System.getenv());
            } catch (ConfigException e) {
                System.err.println(e.getMessage());
                return 1;
            }
            System.out.println(file + ": valid");
            System.out.println("store: " + config.store().url());
            for (ProviderSettings provider : config.providers()) {
                System.out.println("provider " + provider.name() + ": " + provider.kind().id() + " at "
                        + provider.baseUrl() + ", timeout " + Durations.format(provider.timeout())
                        + ", max_concurrency " + provider.maxConcurrency()
                        + (provider.apiKey() == null ? ", no key" : ", key set"));
            }
            for (Profile profile : config.profiles()) {
                System.out.println("profile " + profile.name() + " (" + profile.mode().name().toLowerCase() + ", retries "
                        + profile.retry().maxRetries() + ", cooldown " + Durations.format(profile.cooldown()) + "): "
                        + profile.deployments().stream().map(Deployment::key).collect(Collectors.joining(" -> ")));
            }
            if (config.routerPolicy().preferredProvider() != null) {
                System.out.println("router policy: prefer " + config.routerPolicy().preferredProvider());
            }
            return 0;
        }
    }
}
