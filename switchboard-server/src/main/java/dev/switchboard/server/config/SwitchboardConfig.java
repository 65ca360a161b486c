package dev.switchboard.server.config;

import dev.switchboard.provider.ProviderSettings;
import dev.switchboard.routing.Profile;
import dev.switchboard.routing.RouterPolicy;
import dev.switchboard.telemetry.TelemetrySettings;
import java.nio.file.Path;
import java.util.List;

/**
 * A validated gateway configuration.
 *
 * @param source the file it came from, or a description of the defaults
 * @param dataDir the folder for the SQLite file, the spill file and the generated gateway key
 * @param server the listener
 * @param store the run store
 * @param telemetry logging and preview options
 * @param routerPolicy the initial router policy
 * @param providers the provider endpoints
 * @param profiles the routing profiles
 */
public record SwitchboardConfig(String source, Path dataDir, ServerConfig server, StoreConfig store,
        TelemetrySettings telemetry, RouterPolicy routerPolicy, List<ProviderSettings> providers,
        List<Profile> profiles) {

    public SwitchboardConfig {
        providers = List.copyOf(providers);
        profiles = List.copyOf(profiles);
    }

    /** Every configured credential, for exact-value redaction. */
    public List<String> secrets() {
        java.util.ArrayList<String> secrets = new java.util.ArrayList<>();
        for (ProviderSettings provider : providers) {
            if (provider.apiKey() != null) {
                secrets.add(provider.apiKey().reveal());
            }
        }
        if (server.gatewayKey() != null) {
            secrets.add(server.gatewayKey().reveal());
        }
        if (store.password() != null) {
            secrets.add(store.password().reveal());
        }
        return secrets;
    }
}
