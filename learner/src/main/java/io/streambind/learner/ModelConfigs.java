package io.streambind.learner;

import io.streambind.core.config.DnsConfig;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The DNS configuration each new model starts with: the learner-wide {@code dns.*} keys, overridden
 * per model by {@code model.<modelId>.dns.<key>=value} (e.g. {@code model.vanilla.dns.method=vanilla}),
 * so one learner can train several methods side by side. The model id ends at the first
 * {@code .dns.}. Only models created from now on take it: a model already in the store keeps the
 * configuration of its snapshot (its provenance says which).
 */
public final class ModelConfigs {
    /** Prefix of per-model settings; the key continues with the model id, then the {@code dns.*} key. */
    public static final String PREFIX = "model.";

    private static final String DNS_INFIX = "." + DnsConfig.PREFIX;

    private final DnsConfig learnerWide;
    private final Map<String, DnsConfig> perModel;

    private ModelConfigs(DnsConfig learnerWide, Map<String, DnsConfig> perModel) {
        this.learnerWide = learnerWide;
        this.perModel = Map.copyOf(perModel);
    }

    /** Every model gets {@code config}. */
    public static ModelConfigs uniform(DnsConfig config) {
        return new ModelConfigs(config, Map.of());
    }

    /**
     * Reads {@code dns.*} and {@code model.*} settings; a bad key or value fails here, at start-up,
     * with the full setting name.
     */
    public static ModelConfigs parse(Map<String, String> settings) {
        Map<String, String> learnerWideKeys = new TreeMap<>();
        Map<String, Map<String, String>> overrides = new TreeMap<>();
        settings.forEach((key, value) -> {
            if (key.startsWith(DnsConfig.PREFIX)) {
                learnerWideKeys.put(key, value);
            } else if (key.startsWith(PREFIX)) {
                int infix = key.indexOf(DNS_INFIX, PREFIX.length());
                if (infix <= PREFIX.length()) {
                    throw new IllegalArgumentException(
                            "setting '" + key + "' is not of the form " + PREFIX + "<modelId>" + DNS_INFIX + "<key>");
                }
                overrides
                        .computeIfAbsent(key.substring(PREFIX.length(), infix), id -> new TreeMap<>())
                        .put(key.substring(infix + 1), value);
            }
        });
        DnsConfig learnerWide = DnsConfig.parse(learnerWideKeys);
        Map<String, DnsConfig> perModel = new HashMap<>();
        overrides.forEach((modelId, keys) -> {
            Map<String, String> merged = new TreeMap<>(learnerWideKeys);
            merged.putAll(keys);
            try {
                perModel.put(modelId, DnsConfig.parse(merged));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("settings " + PREFIX + modelId + ".*: " + e.getMessage(), e);
            }
        });
        return new ModelConfigs(learnerWide, perModel);
    }

    /** The configuration a new model with this id starts with. */
    public DnsConfig forNewModel(String modelId) {
        return perModel.getOrDefault(modelId, learnerWide);
    }
}
