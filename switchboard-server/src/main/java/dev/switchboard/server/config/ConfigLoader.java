package dev.switchboard.server.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.switchboard.GenerationParams;
import dev.switchboard.Secret;
import dev.switchboard.provider.ProviderKind;
import dev.switchboard.provider.ProviderSettings;
import dev.switchboard.routing.Deployment;
import dev.switchboard.routing.Profile;
import dev.switchboard.routing.RetryPolicy;
import dev.switchboard.routing.RouterPolicy;
import dev.switchboard.routing.RoutingMode;
import dev.switchboard.telemetry.TelemetrySettings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and validates a Switchboard YAML configuration. Every problem is collected with its line,
 * so one run of {@code switchboard config check} lists them all.
 *
 * <p>String values may reference environment variables as {@code ${NAME}} or
 * {@code ${NAME:-default}}; secrets should always come that way. The top-level section
 * {@code simulator} belongs to the provider simulator and is ignored here.
 */
public final class ConfigLoader {

    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Set<String> TOP_LEVEL = Set.of("data_dir", "server", "store", "telemetry", "router_policy",
            "providers", "profiles", "simulator");

    private final Map<String, String> env;
    private final List<ConfigProblem> problems = new ArrayList<>();
    private YamlLines lines;

    private ConfigLoader(Map<String, String> env) {
        this.env = env;
    }

    /**
     * Loads a configuration file.
     *
     * @param env the variables that {@code ${NAME}} references resolve against, usually {@link System#getenv()}
     * @throws ConfigException listing every problem with its line
     */
    public static SwitchboardConfig load(Path file, Map<String, String> env) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException(file.toString(), List.of(new ConfigProblem(0, "",
                    "cannot read the file (" + e.getClass().getSimpleName() + "); check the path given to --config")));
        }
        return parse(text, file.toString(), env);
    }

    /** Parses configuration text; {@code source} names it in messages. */
    public static SwitchboardConfig parse(String yaml, String source, Map<String, String> env) {
        return new ConfigLoader(env).read(yaml, source);
    }

    /**
     * The configuration used when no file is given: the SQLite store in the data folder, Ollama on
     * its default local port, and Gemini when {@code GEMINI_API_KEY} is set, in one profile
     * named {@code default}.
     */
    public static SwitchboardConfig defaults(Map<String, String> env) {
        StringBuilder yaml = new StringBuilder();
        yaml.append("providers:\n");
        boolean gemini = env.getOrDefault("GEMINI_API_KEY", "").strip().length() > 0;
        if (gemini) {
            yaml.append("  gemini:\n    type: gemini\n    api_key: ${GEMINI_API_KEY}\n");
        }
        yaml.append("  ollama:\n    type: ollama\n    base_url: ${OLLAMA_HOST:-http://127.0.0.1:11434}\n");
        yaml.append("profiles:\n  default:\n    deployments:\n");
        if (gemini) {
            yaml.append("      - provider: gemini\n        model: ${GEMINI_MODEL:-gemini-2.5-flash}\n");
        }
        yaml.append("      - provider: ollama\n        model: ${OLLAMA_MODEL:-llama3.2}\n");
        return parse(yaml.toString(), "built-in defaults", env);
    }

    private SwitchboardConfig read(String yaml, String source) {
        JsonNode root;
        try {
            ObjectMapper mapper = new ObjectMapper(new YAMLFactory());
            mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            root = mapper.readTree(yaml);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new ConfigException(source, List.of(new ConfigProblem(line, "",
                    "invalid YAML: " + e.getOriginalMessage())));
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            root = new ObjectMapper().createObjectNode();
        }
        lines = new YamlLines(yaml);
        if (!root.isObject()) {
            throw new ConfigException(source, List.of(new ConfigProblem(1, "",
                    "the file must be a mapping of sections (server, store, providers, profiles, ...)")));
        }
        checkKeys(root, "", TOP_LEVEL);
        Path dataDir = dataDir(root);
        ServerConfig server = server(root.path("server"));
        StoreConfig store = store(root.path("store"), dataDir);
        TelemetrySettings telemetry = telemetry(root.path("telemetry"));
        List<ProviderSettings> providers = providers(root.path("providers"));
        Set<String> providerNames = new LinkedHashSet<>();
        providers.forEach(provider -> providerNames.add(provider.name()));
        RouterPolicy policy = routerPolicy(root.path("router_policy"), providerNames);
        List<Profile> profiles = profiles(root.path("profiles"), providerNames);
        if (!problems.isEmpty()) {
            throw new ConfigException(source, problems);
        }
        return new SwitchboardConfig(source, dataDir, server, store, telemetry, policy, providers, profiles);
    }

    private Path dataDir(JsonNode root) {
        String configured = text(root, "data_dir", "/data_dir", null);
        if (configured != null) {
            return Path.of(configured);
        }
        String home = env.get("SWITCHBOARD_HOME");
        return home != null && !home.isBlank() ? Path.of(home) : Path.of("data");
    }

    private ServerConfig server(JsonNode node) {
        checkKeys(node, "/server", Set.of("host", "port", "gateway_key", "max_body_bytes"));
        String host = text(node, "host", "/server/host", "127.0.0.1");
        int port = integer(node, "port", "/server/port", 8080, 0, 65535);
        if (node.has("gateway_key") && !node.path("gateway_key").asText("").contains("${")) {
            problem("/server/gateway_key", "write the key as an environment reference such as ${SWITCHBOARD_KEY},"
                    + " so that it is not stored in the file");
        }
        String key = text(node, "gateway_key", "/server/gateway_key", env.get("SWITCHBOARD_KEY"));
        Secret gatewayKey = null;
        if (key != null && !key.isBlank()) {
            if (key.strip().length() < 16) {
                problem("/server/gateway_key", "the gateway key is shorter than 16 characters; use a long random"
                        + " value, e.g. from `openssl rand -hex 24`");
            } else {
                gatewayKey = Secret.of(key.strip());
            }
        }
        int maxBody = integer(node, "max_body_bytes", "/server/max_body_bytes", 4 << 20, 1024, 256 << 20);
        return new ServerConfig(host, port, gatewayKey, maxBody);
    }

    private StoreConfig store(JsonNode node, Path dataDir) {
        checkKeys(node, "/store", Set.of("url", "user", "password", "queue_capacity", "batch_size"));
        String url = text(node, "url", "/store/url", "jdbc:sqlite:" + dataDir.resolve("switchboard.db"));
        if (!url.startsWith("jdbc:sqlite:") && !url.startsWith("jdbc:postgresql:")) {
            problem("/store/url", "unsupported JDBC URL '" + maskUrl(url) + "'; use jdbc:sqlite:FILE or"
                    + " jdbc:postgresql://HOST:PORT/DATABASE");
        }
        String user = text(node, "user", "/store/user", null);
        String password = text(node, "password", "/store/password", null);
        int queue = integer(node, "queue_capacity", "/store/queue_capacity", 10_000, 1, 10_000_000);
        int batch = integer(node, "batch_size", "/store/batch_size", 500, 1, 100_000);
        return new StoreConfig(url, user, password == null || password.isEmpty() ? null : Secret.of(password), queue,
                batch);
    }

    private TelemetrySettings telemetry(JsonNode node) {
        checkKeys(node, "/telemetry", Set.of("log_prompts", "preview_chars", "message_chars"));
        boolean logPrompts = bool(node, "log_prompts", "/telemetry/log_prompts", false);
        int preview = integer(node, "preview_chars", "/telemetry/preview_chars",
                TelemetrySettings.DEFAULT.previewChars(), 0, 100_000);
        int message = integer(node, "message_chars", "/telemetry/message_chars",
                TelemetrySettings.DEFAULT.messageChars(), 16, 100_000);
        return new TelemetrySettings(logPrompts, preview, message);
    }

    private RouterPolicy routerPolicy(JsonNode node, Set<String> providerNames) {
        checkKeys(node, "/router_policy", Set.of("preferred_provider"));
        String preferred = text(node, "preferred_provider", "/router_policy/preferred_provider", null);
        if (preferred != null && !preferred.isBlank() && !providerNames.contains(preferred)) {
            problem("/router_policy/preferred_provider", "'" + preferred + "' is not a configured provider; use one of "
                    + providerNames);
        }
        return new RouterPolicy(preferred);
    }

    private List<ProviderSettings> providers(JsonNode node) {
        List<ProviderSettings> providers = new ArrayList<>();
        if (node.isMissingNode() || node.isNull()) {
            problem("/providers", "no providers are configured; add at least one under providers:");
            return providers;
        }
        if (!node.isObject()) {
            problem("/providers", "must be a mapping of provider names to settings");
            return providers;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            ProviderSettings provider = provider(entry.getKey(), entry.getValue());
            if (provider != null) {
                providers.add(provider);
            }
        }
        return providers;
    }

    private ProviderSettings provider(String name, JsonNode node) {
        String at = "/providers/" + name;
        if (!NAME.matcher(name).matches()) {
            problem(at, "provider name '" + name + "' may contain only letters, digits, '.', '_' and '-'");
        }
        if (!node.isObject()) {
            problem(at, "must be a mapping with at least type:");
            return null;
        }
        checkKeys(node, at, Set.of("type", "base_url", "api_key", "timeout", "max_concurrency", "max_queued"));
        String type = text(node, "type", at + "/type", null);
        if (type == null) {
            problem(at + "/type", "missing; use one of gemini, ollama, openai");
            return null;
        }
        ProviderKind kind;
        try {
            kind = ProviderKind.fromId(type);
        } catch (IllegalArgumentException e) {
            problem(at + "/type", e.getMessage());
            return null;
        }
        String baseUrl = text(node, "base_url", at + "/base_url", kind.defaultBaseUrl());
        String apiKey = text(node, "api_key", at + "/api_key", null);
        if (node.has("api_key") && !node.path("api_key").asText("").contains("${")) {
            problem(at + "/api_key", "write the key as an environment reference such as ${"
                    + name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_") + "_API_KEY}, so that it is not"
                    + " stored in the file");
        }
        if (apiKey != null && apiKey.isBlank()) {
            apiKey = null;
        }
        if (apiKey == null && kind == ProviderKind.GEMINI) {
            problem(at + "/api_key", "Gemini needs an API key; set api_key: ${GEMINI_API_KEY} and export the variable");
        }
        Duration timeout = duration(node, "timeout", at + "/timeout", ProviderSettings.DEFAULT_TIMEOUT);
        if (timeout.isZero()) {
            problem(at + "/timeout", "must be positive, such as 30s");
            timeout = ProviderSettings.DEFAULT_TIMEOUT;
        }
        int maxConcurrency = integer(node, "max_concurrency", at + "/max_concurrency",
                ProviderSettings.DEFAULT_MAX_CONCURRENCY, 1, 100_000);
        int maxQueued = integer(node, "max_queued", at + "/max_queued", ProviderSettings.DEFAULT_MAX_QUEUED, 0,
                10_000_000);
        try {
            URI uri = URI.create(baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl);
            return new ProviderSettings(name, kind, uri, apiKey == null ? null : Secret.of(apiKey), timeout,
                    maxConcurrency, maxQueued);
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            problem(at + "/base_url", message.startsWith("provider '") ? message.substring(message.indexOf(':') + 2)
                    : "'" + maskUrl(baseUrl) + "' is not a valid URL; write it like http://127.0.0.1:11434");
            return null;
        }
    }

    private List<Profile> profiles(JsonNode node, Set<String> providerNames) {
        List<Profile> profiles = new ArrayList<>();
        if (node.isMissingNode() || node.isNull()) {
            problem("/profiles", "no profiles are configured; add at least one under profiles:");
            return profiles;
        }
        if (!node.isObject()) {
            problem("/profiles", "must be a mapping of profile names to settings");
            return profiles;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            Profile profile = profile(entry.getKey(), entry.getValue(), providerNames);
            if (profile != null) {
                profiles.add(profile);
            }
        }
        return profiles;
    }

    private Profile profile(String name, JsonNode node, Set<String> providerNames) {
        String at = "/profiles/" + name;
        if (!NAME.matcher(name).matches()) {
            problem(at, "profile name '" + name + "' may contain only letters, digits, '.', '_' and '-'");
        }
        if (!node.isObject()) {
            problem(at, "must be a mapping with deployments:");
            return null;
        }
        checkKeys(node, at, Set.of("mode", "deployments", "retries", "max_retry_delay", "cooldown", "cooldown_after"));
        String modeText = text(node, "mode", at + "/mode", "ordered");
        RoutingMode mode = RoutingMode.ORDERED;
        try {
            mode = RoutingMode.valueOf(modeText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problem(at + "/mode", "unknown mode '" + modeText + "'; use ordered or balanced");
        }
        int retries = integer(node, "retries", at + "/retries", RetryPolicy.DEFAULT.maxRetries(), 0, 10);
        Duration maxRetryDelay = duration(node, "max_retry_delay", at + "/max_retry_delay",
                RetryPolicy.DEFAULT.maxRetryDelay());
        Duration cooldown = duration(node, "cooldown", at + "/cooldown", Profile.DEFAULT_COOLDOWN);
        int cooldownAfter = integer(node, "cooldown_after", at + "/cooldown_after", Profile.DEFAULT_COOLDOWN_AFTER, 1,
                1000);
        JsonNode list = node.path("deployments");
        List<Deployment> deployments = new ArrayList<>();
        if (!list.isArray() || list.isEmpty()) {
            problem(at + "/deployments", "list at least one deployment, e.g. - {provider: ollama, model: llama3.2}");
            return null;
        }
        for (int i = 0; i < list.size(); i++) {
            Deployment deployment = deployment(list.get(i), at + "/deployments/" + i, providerNames);
            if (deployment != null) {
                deployments.add(deployment);
            }
        }
        if (deployments.size() != list.size()) {
            return null;
        }
        RetryPolicy retry = new RetryPolicy(retries, RetryPolicy.DEFAULT.initialBackoff(),
                RetryPolicy.DEFAULT.maxBackoff(), maxRetryDelay);
        return new Profile(name, deployments, mode, retry, cooldown, cooldownAfter);
    }

    private Deployment deployment(JsonNode node, String at, Set<String> providerNames) {
        if (!node.isObject()) {
            problem(at, "must be a mapping with provider: and model:");
            return null;
        }
        checkKeys(node, at, Set.of("provider", "model", "weight", "params"));
        String provider = text(node, "provider", at + "/provider", null);
        String model = text(node, "model", at + "/model", null);
        if (provider == null) {
            problem(at + "/provider", "missing; name one of the configured providers " + providerNames);
        } else if (!providerNames.contains(provider)) {
            problem(at + "/provider", "'" + provider + "' is not a configured provider; use one of " + providerNames
                    + " or add it under providers:");
        }
        if (model == null || model.isBlank()) {
            problem(at + "/model", "missing; give the model id the provider knows, e.g. gemini-2.5-flash");
        }
        int weight = integer(node, "weight", at + "/weight", 1, 1, 1_000_000);
        GenerationParams params = params(node.path("params"), at + "/params");
        if (provider == null || model == null || model.isBlank() || params == null) {
            return null;
        }
        return new Deployment(provider, model, params, weight);
    }

    private GenerationParams params(JsonNode node, String at) {
        if (node.isMissingNode() || node.isNull()) {
            return GenerationParams.DEFAULT;
        }
        checkKeys(node, at, Set.of("temperature", "top_p", "max_output_tokens", "stop", "seed", "json_output"));
        try {
            Double temperature = node.has("temperature") ? number(node, "temperature", at) : null;
            Double topP = node.has("top_p") ? number(node, "top_p", at) : null;
            Integer maxTokens = node.has("max_output_tokens")
                    ? integer(node, "max_output_tokens", at + "/max_output_tokens", 1, 1, 10_000_000) : null;
            List<String> stop = null;
            if (node.has("stop")) {
                stop = new ArrayList<>();
                for (JsonNode item : node.path("stop")) {
                    stop.add(item.asText());
                }
            }
            Long seed = node.has("seed") ? node.path("seed").asLong() : null;
            Boolean json = node.has("json_output") ? bool(node, "json_output", at + "/json_output", false) : null;
            return new GenerationParams(temperature, topP, maxTokens, stop, seed, json);
        } catch (IllegalArgumentException e) {
            problem(at, e.getMessage());
            return null;
        }
    }

    private Double number(JsonNode node, String field, String at) {
        JsonNode value = node.path(field);
        if (!value.isNumber()) {
            problem(at + "/" + field, "'" + value.asText() + "' is not a number");
            return null;
        }
        return value.asDouble();
    }

    private void checkKeys(JsonNode node, String at, Set<String> allowed) {
        if (node.isMissingNode() || node.isNull()) {
            return;
        }
        if (!node.isObject()) {
            problem(at, "must be a mapping; allowed keys: " + new java.util.TreeSet<>(allowed));
            return;
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!allowed.contains(key)) {
                problem(at + "/" + key, "unknown setting '" + key + "'; allowed here: "
                        + new java.util.TreeSet<>(allowed));
            }
        }
    }

    private String text(JsonNode node, String field, String at, String fallback) {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return fallback;
        }
        if (!value.isValueNode()) {
            problem(at, "must be a single value, not a list or mapping");
            return fallback;
        }
        return resolve(value.asText(), at, fallback);
    }

    private String resolve(String raw, String at, String fallback) {
        Matcher matcher = ENV_REFERENCE.matcher(raw);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String value = env.get(matcher.group(1));
            if (value == null || value.isEmpty()) {
                value = matcher.group(2);
            }
            if (value == null) {
                problem(at, "references ${" + matcher.group(1) + "}, which is not set; export it or write"
                        + " ${" + matcher.group(1) + ":-default}");
                return fallback;
            }
            matcher.appendReplacement(result, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(result);
        return result.toString();
    }

    private int integer(JsonNode node, String field, String at, int fallback, int min, int max) {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return fallback;
        }
        String text = value.isTextual() ? resolve(value.asText(), at, String.valueOf(fallback)) : value.asText();
        long parsed;
        try {
            parsed = Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            problem(at, "'" + text + "' is not a whole number");
            return fallback;
        }
        if (parsed < min || parsed > max) {
            problem(at, parsed + " is out of range; use a value from " + min + " to " + max);
            return fallback;
        }
        return (int) parsed;
    }

    private boolean bool(JsonNode node, String field, String at, boolean fallback) {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return fallback;
        }
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        String text = resolve(value.asText(), at, String.valueOf(fallback)).strip().toLowerCase(Locale.ROOT);
        if (text.equals("true") || text.equals("false")) {
            return Boolean.parseBoolean(text);
        }
        problem(at, "'" + value.asText() + "' is not true or false");
        return fallback;
    }

    private Duration duration(JsonNode node, String field, String at, Duration fallback) {
        String text = text(node, field, at, null);
        if (text == null) {
            return fallback;
        }
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            problem(at, e.getMessage());
            return fallback;
        }
    }

    private void problem(String pointer, String message) {
        String path = pointer.isEmpty() ? "" : pointer.substring(1).replace('/', '.');
        problems.add(new ConfigProblem(lines == null ? 0 : lines.lineOf(pointer), path, message));
    }

    /** Hides a password in a JDBC URL before it goes into a message. */
    static String maskUrl(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***").replaceAll("://[^/@]*@", "://***@");
    }

}
