package dev.switchboard.server.simulator;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.switchboard.Secret;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Turns the {@code simulator:} section of a YAML document into a {@link SimulatorConfig}. */
final class SimulatorConfigParser {

    private static final String SECTION = "simulator";
    private static final List<String> TOP_SETTINGS =
            List.of("host", "port", "api_keys", "default_latency", "strict_models", "models");
    private static final List<String> MODEL_SETTINGS =
            List.of("latency", "fault", "retry_delay", "quota", "fail_every", "reply");

    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build());

    private SimulatorConfigParser() {
    }

    static SimulatorConfig parse(String yaml) {
        JsonNode root = readTree(yaml);
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new SimulatorConfigException(SECTION, "missing section; the file is empty");
        }
        if (!root.isObject()) {
            throw new SimulatorConfigException(SECTION, "missing section; the document is not a mapping");
        }
        JsonNode section = root.get(SECTION);
        if (section == null) {
            throw new SimulatorConfigException(SECTION, "missing section; add a top-level 'simulator:' mapping");
        }
        if (isEmpty(section)) {
            return SimulatorConfig.defaults();
        }
        requireMapping(SECTION, section);
        rejectUnknown(SECTION, section, TOP_SETTINGS);

        String host = text(SECTION + ".host", section.get("host"), SimulatorConfig.DEFAULT_HOST);
        int port = port(section.get("port"));
        List<Secret> keys = apiKeys(section.get("api_keys"));
        Duration defaultLatency =
                duration(SECTION + ".default_latency", section.get("default_latency"), Duration.ZERO);
        boolean strict = bool(SECTION + ".strict_models", section.get("strict_models"));
        Map<String, ModelBehavior> models = models(section.get("models"));
        return new SimulatorConfig(host, port, keys, defaultLatency, strict, models);
    }

    private static JsonNode readTree(String yaml) {
        try {
            return YAML.readTree(yaml);
        } catch (JacksonException e) {
            // The parser's own message quotes the offending line, which may hold an API key, so only
            // the position goes into ours, and the cause is not chained.
            JsonLocation location = e.getLocation();
            String where = location == null
                    ? ""
                    : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
            throw new SimulatorConfigException(SECTION, "the text is not valid YAML" + where
                    + " (a duplicate key, a tab used for indentation or an unclosed quote or bracket)");
        }
    }

    private static int port(JsonNode node) {
        String field = SECTION + ".port";
        if (node == null || node.isNull()) {
            return SimulatorConfig.DEFAULT_PORT;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw new SimulatorConfigException(field, "invalid value " + quote(node)
                    + "; allowed values: 0 to 65535 (0 picks a free port)");
        }
        return node.intValue();
    }

    private static List<Secret> apiKeys(JsonNode node) {
        String field = SECTION + ".api_keys";
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            // The value itself is not shown because it may be a key.
            throw new SimulatorConfigException(field, "invalid value of type " + node.getNodeType()
                    .toString().toLowerCase(java.util.Locale.ROOT)
                    + "; allowed values: a list of strings such as [\"sim-key-1\"], or [] for no key check");
        }
        List<Secret> keys = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode entry = node.get(i);
            if (!entry.isTextual() || entry.asText().isBlank()) {
                throw new SimulatorConfigException(field + "[" + i + "]",
                        "invalid value [REDACTED]; allowed values: a non-blank string");
            }
            keys.add(Secret.of(entry.asText()));
        }
        return keys;
    }

    private static Map<String, ModelBehavior> models(JsonNode node) {
        String field = SECTION + ".models";
        Map<String, ModelBehavior> models = new LinkedHashMap<>();
        if (isEmpty(node)) {
            return models;
        }
        requireMapping(field, node);
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            if (entry.getKey().isBlank()) {
                throw new SimulatorConfigException(field, "a model name must not be blank");
            }
            models.put(entry.getKey(), model(field + "." + entry.getKey(), entry.getValue()));
        }
        return models;
    }

    private static ModelBehavior model(String field, JsonNode node) {
        if (isEmpty(node)) {
            return ModelBehavior.ofDefaults();
        }
        requireMapping(field, node);
        rejectUnknown(field, node, MODEL_SETTINGS);

        Optional<Duration> latency = node.hasNonNull("latency")
                ? Optional.of(duration(field + ".latency", node.get("latency"), Duration.ZERO))
                : Optional.empty();
        Fault fault = fault(field + ".fault", node.get("fault"));
        Duration retryDelay =
                duration(field + ".retry_delay", node.get("retry_delay"), ModelBehavior.DEFAULT_RETRY_DELAY);
        Quota quota = quota(field + ".quota", node.get("quota"));
        int failEvery = failEvery(field + ".fail_every", node.get("fail_every"));
        Optional<String> reply = node.hasNonNull("reply")
                ? Optional.of(text(field + ".reply", node.get("reply"), ""))
                : Optional.empty();
        if (reply.isPresent() && reply.get().isBlank()) {
            throw new SimulatorConfigException(field + ".reply", "must not be blank; remove it to get "
                    + "a reply derived from the prompt");
        }

        if (fault != Fault.RATE_LIMITED) {
            requireAbsent(field, node, "retry_delay", fault);
            requireAbsent(field, node, "quota", fault);
        }
        if (fault == Fault.NONE) {
            requireAbsent(field, node, "fail_every", fault);
        }
        return new ModelBehavior(latency, fault, retryDelay, quota, failEvery, reply);
    }

    private static void requireAbsent(String field, JsonNode node, String setting, Fault fault) {
        if (node.has(setting)) {
            String needs = setting.equals("fail_every") ? "a fault other than none" : "fault rate_limited";
            throw new SimulatorConfigException(field + "." + setting, "has no effect with fault "
                    + fault.configName() + "; it needs " + needs);
        }
    }

    private static Fault fault(String field, JsonNode node) {
        if (node == null || node.isNull()) {
            return Fault.NONE;
        }
        String name = node.isTextual() ? node.asText() : null;
        for (Fault fault : Fault.values()) {
            if (fault.configName().equals(name)) {
                return fault;
            }
        }
        throw new SimulatorConfigException(field, "invalid value " + quote(node) + "; allowed values: "
                + String.join(", ", Fault.configNames()));
    }

    private static Quota quota(String field, JsonNode node) {
        if (node == null || node.isNull()) {
            return Quota.PER_MINUTE;
        }
        String name = node.isTextual() ? node.asText() : null;
        for (Quota quota : Quota.values()) {
            if (quota.configName().equals(name)) {
                return quota;
            }
        }
        throw new SimulatorConfigException(field, "invalid value " + quote(node) + "; allowed values: "
                + String.join(", ", Quota.configNames()));
    }

    private static int failEvery(String field, JsonNode node) {
        if (node == null || node.isNull()) {
            return 1;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < 1) {
            throw new SimulatorConfigException(field, "invalid value " + quote(node)
                    + "; allowed values: a whole number of at least 1 (2 fails every 2nd request)");
        }
        return node.intValue();
    }

    private static Duration duration(String field, JsonNode node, Duration fallback) {
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (node.isTextual()) {
            try {
                return DurationText.parse(node.asText());
            } catch (IllegalArgumentException e) {
                // Falls through to the common message.
            }
        }
        throw new SimulatorConfigException(field, "invalid value " + quote(node) + "; allowed values: "
                + DurationText.ALLOWED);
    }

    private static boolean bool(String field, JsonNode node) {
        if (node == null || node.isNull()) {
            return false;
        }
        if (!node.isBoolean()) {
            throw new SimulatorConfigException(field, "invalid value " + quote(node)
                    + "; allowed values: true, false");
        }
        return node.booleanValue();
    }

    private static String text(String field, JsonNode node, String fallback) {
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isTextual()) {
            throw new SimulatorConfigException(field, "invalid value " + quote(node)
                    + "; allowed values: a string");
        }
        return node.asText();
    }

    /** Returns whether a mapping position was left blank, as in {@code plain:} with nothing after it. */
    private static boolean isEmpty(JsonNode node) {
        // Jackson reads a key with no value as an empty string, not as null.
        return node == null || node.isNull() || node.isTextual() && node.asText().isEmpty();
    }

    private static void requireMapping(String field, JsonNode node) {
        if (!node.isObject()) {
            throw new SimulatorConfigException(field, "invalid value " + quote(node)
                    + "; allowed values: a mapping of settings");
        }
    }

    private static void rejectUnknown(String field, JsonNode node, List<String> allowed) {
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            String name = entry.getKey();
            if (!allowed.contains(name)) {
                throw new SimulatorConfigException(field + "." + name, "unknown setting; allowed settings: "
                        + String.join(", ", allowed));
            }
        }
    }

    private static String quote(JsonNode node) {
        String text = node.isValueNode() ? node.asText() : node.toString();
        if (text.length() > 60) {
            text = text.substring(0, 60) + "…";
        }
        return "'" + text + "'";
    }
}
