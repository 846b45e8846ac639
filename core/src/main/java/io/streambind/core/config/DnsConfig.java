package io.streambind.core.config;

import io.streambind.core.config.ConfigKey.Bounds;
import io.streambind.core.config.ConfigKey.Choices;
import io.streambind.core.config.ConfigKey.Type;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Immutable settings of one continual model. Every knob is a {@link ConfigKey} defined once below,
 * with its documentation and default; {@link #parse} validates, {@link #toMap} records the
 * effective values for provenance.
 */
public final class DnsConfig {
    /** Prefix of every key this class owns; other keys in a map are left to their owners. */
    public static final String PREFIX = "dns.";

    public static final String PROFILE = "dns.profile";
    public static final String METHOD = "dns.method";
    public static final String LAMBDA_MIN = "dns.lambda.min";
    public static final String LAMBDA_MIN_RELATIVE = "dns.lambda.min.relative";
    public static final String RHO = "dns.rho";
    public static final String LEARNING_RATE = "dns.learning.rate";
    public static final String BETA1 = "dns.beta1";
    public static final String BETA2 = "dns.beta2";
    public static final String EPSILON = "dns.epsilon";
    public static final String WEIGHT_DECAY = "dns.weight.decay";
    public static final String TEMPERATURE = "dns.temperature";
    public static final String CLIP_NORM = "dns.clip.norm";
    public static final String NORMALIZE = "dns.normalize";
    public static final String EWC_LAMBDA = "dns.ewc.lambda";
    public static final String OUTPUT_WIDTH = "dns.output.width";
    public static final String SEED = "dns.seed";
    public static final String PRECISION = "dns.precision";

    /**
     * Former names, still read. Model states and heads snapshots store the settings under these names (see
     * {@link #toStoredMap}), so that learners of earlier versions keep reading what later ones write during a
     * rolling upgrade.
     */
    public static final Map<String, String> RENAMED = Map.of("dns.lr", LEARNING_RATE, "dns.eps", EPSILON);

    private static final Bounds SHARE = Bounds.from(0, 1);

    public static final List<ConfigKey> KEYS = List.of(
            ConfigKey.choice(
                    PROFILE,
                    Choices.of(Profile.values(), Profile::configName),
                    "exact",
                    "exact: symmetric loss, augmented inputs, per-modality counts, projection of the AdamW step;"
                            + " paper: the paper's code (one-direction loss, raw inputs, one global count, L = I,"
                            + " projection of the raw gradient)."),
            ConfigKey.choice(
                    METHOD,
                    Choices.of(Method.values(), Method::configName),
                    "dns",
                    "dns (dual-side null-space projection), vanilla (no projection), input-null (G (I - R)),"
                            + " ewc (diagonal Fisher penalty)."),
            ConfigKey.number(
                    LAMBDA_MIN,
                    Type.DOUBLE,
                    Bounds.atLeast(0),
                    "0.01",
                    "Absolute eigenvalue threshold of the input (right) side: directions of Z with sigma above"
                            + " it are protected."),
            ConfigKey.number(
                    LAMBDA_MIN_RELATIVE,
                    Type.DOUBLE,
                    SHARE,
                    "0",
                    "Relative eigenvalue threshold of the input (right) side, a share of the largest eigenvalue of"
                            + " Z; the right side then protects the directions with sigma above"
                            + " max(dns.lambda.min, this * sigma_max). 0 (default) leaves dns.lambda.min alone;"
                            + " set dns.lambda.min to 0 for a purely relative threshold."),
            ConfigKey.numberByProfile(
                    RHO,
                    Type.DOUBLE,
                    SHARE,
                    "1e-4",
                    "0",
                    "Relative eigenvalue threshold of the output (left) side, theta_L = rho * sigma_max of Z'."
                            + " Default depends on the profile: 1e-4 for exact, 0 for paper, where 0 means L = I"
                            + " exactly (no eigendecomposition)."),
            ConfigKey.number(
                    LEARNING_RATE,
                    Type.DOUBLE,
                    Bounds.above(0),
                    "1e-4",
                    "AdamW learning rate, constant within a step (formerly dns.lr)."),
            ConfigKey.number(BETA1, Type.DOUBLE, SHARE, "0.9", "AdamW first-moment decay."),
            ConfigKey.number(BETA2, Type.DOUBLE, SHARE, "0.999", "AdamW second-moment decay."),
            ConfigKey.number(
                    EPSILON, Type.DOUBLE, Bounds.above(0), "1e-8", "AdamW denominator epsilon (formerly dns.eps)."),
            ConfigKey.number(
                    WEIGHT_DECAY,
                    Type.DOUBLE,
                    Bounds.atLeast(0),
                    "1e-3",
                    "Decoupled weight decay on W (never on the bias column)."),
            ConfigKey.number(
                    TEMPERATURE,
                    Type.DOUBLE,
                    Bounds.above(0),
                    "1",
                    "InfoNCE temperature tau: scores are inner products / tau."),
            ConfigKey.number(
                    CLIP_NORM,
                    Type.DOUBLE,
                    Bounds.atLeast(0),
                    "1.0",
                    "Global gradient-norm clipping threshold over both heads of the pair; 0 disables clipping."),
            ConfigKey.choice(
                    NORMALIZE,
                    Choices.of(Normalization.values(), Normalization::configName),
                    "none",
                    "none: raw encoder outputs; l2: every input row scaled to unit length before its head."),
            ConfigKey.number(
                    EWC_LAMBDA,
                    Type.DOUBLE,
                    Bounds.atLeast(0),
                    "1.0",
                    "Strength of the EWC penalty (lambda/2) sum F (theta - theta*)^2."),
            ConfigKey.number(
                    OUTPUT_WIDTH,
                    Type.LONG,
                    Bounds.from(0, Integer.MAX_VALUE + 1.0),
                    "0",
                    "Width d_out shared by every head; 0 takes the input width of the first modality seen."),
            ConfigKey.number(
                    SEED,
                    Type.LONG,
                    Bounds.ANY,
                    "0",
                    "Seed for randomized choices around the model (evaluation subsets, synthetic data);"
                            + " the model's own updates are deterministic."),
            ConfigKey.choice(
                    PRECISION,
                    Choices.of(Precision.values(), Precision::configName),
                    "float32",
                    "float32: heads, Adam moments, gradients and step sums in single precision (fast; the learned"
                            + " heads depend on the BLAS kernel, thread count and CPU); float64: the same math in double"
                            + " precision, whose results stay far closer across CPUs and thread counts, at 1-2.5x"
                            + " the cost. Inputs enter as the float32 values they arrive as."));

    private final Profile profile;
    private final Method method;
    private final double lambdaMin;
    private final double lambdaMinRelative;
    private final double rho;
    private final double learningRate;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double weightDecay;
    private final double temperature;
    private final double clipNorm;
    private final Normalization normalization;
    private final double ewcLambda;
    private final int outputWidth;
    private final long seed;
    private final Precision precision;

    private DnsConfig(Map<String, String> values) {
        profile = Profile.parse(values.getOrDefault(PROFILE, key(PROFILE).defaultFor(Profile.EXACT)));
        method = Method.parse(value(values, METHOD));
        lambdaMin = number(values, LAMBDA_MIN);
        lambdaMinRelative = number(values, LAMBDA_MIN_RELATIVE);
        rho = number(values, RHO);
        learningRate = number(values, LEARNING_RATE);
        beta1 = number(values, BETA1);
        beta2 = number(values, BETA2);
        epsilon = number(values, EPSILON);
        weightDecay = number(values, WEIGHT_DECAY);
        temperature = number(values, TEMPERATURE);
        clipNorm = number(values, CLIP_NORM);
        normalization = Normalization.parse(value(values, NORMALIZE));
        ewcLambda = number(values, EWC_LAMBDA);
        outputWidth = (int) integer(values, OUTPUT_WIDTH);
        seed = integer(values, SEED);
        precision = Precision.parse(value(values, PRECISION));
    }

    /** All defaults (profile exact, method dns). */
    public static DnsConfig defaults() {
        return parse(Map.of());
    }

    /**
     * Reads the {@code dns.*} keys of {@code values}; missing keys take their defaults, keys outside
     * the prefix are ignored, unknown {@code dns.*} keys and bad values are rejected with a message
     * naming the key.
     */
    public static DnsConfig parse(Map<String, String> values) {
        Map<String, String> current = RenamedKeys.toCurrentNames(values, RENAMED);
        for (String name : current.keySet()) {
            if (name.startsWith(PREFIX) && KEYS.stream().noneMatch(k -> k.name().equals(name))) {
                throw new IllegalArgumentException("unknown configuration key '" + name + "'");
            }
        }
        return new DnsConfig(current);
    }

    /**
     * The effective value of every key, sorted by name (for provenance and for {@link #parse}).
     * {@link #LAMBDA_MIN_RELATIVE} and {@link #PRECISION} are left out while at their defaults (0, float32):
     * this map is written into model states and heads snapshots, so a model that does not use them keeps
     * the bytes, provenance and readability (by readers that do not know the keys) of states written
     * before the keys existed; {@link #parse} reads their absence as the defaults.
     */
    public SortedMap<String, String> toMap() {
        SortedMap<String, String> map = new TreeMap<>();
        map.put(PROFILE, profile.configName());
        map.put(METHOD, method.configName());
        map.put(LAMBDA_MIN, Double.toString(lambdaMin));
        if (lambdaMinRelative != 0) {
            map.put(LAMBDA_MIN_RELATIVE, Double.toString(lambdaMinRelative));
        }
        map.put(RHO, Double.toString(rho));
        map.put(LEARNING_RATE, Double.toString(learningRate));
        map.put(BETA1, Double.toString(beta1));
        map.put(BETA2, Double.toString(beta2));
        map.put(EPSILON, Double.toString(epsilon));
        map.put(WEIGHT_DECAY, Double.toString(weightDecay));
        map.put(TEMPERATURE, Double.toString(temperature));
        map.put(CLIP_NORM, Double.toString(clipNorm));
        map.put(NORMALIZE, normalization.configName());
        map.put(EWC_LAMBDA, Double.toString(ewcLambda));
        map.put(OUTPUT_WIDTH, Integer.toString(outputWidth));
        map.put(SEED, Long.toString(seed));
        if (precision != Precision.FLOAT32) {
            map.put(PRECISION, precision.configName());
        }
        return Collections.unmodifiableSortedMap(map);
    }

    /**
     * {@link #toMap} under the names model states and heads snapshots store, the former ones of
     * {@link #RENAMED}: the bytes of a state do not depend on the version that wrote it.
     */
    public SortedMap<String, String> toStoredMap() {
        return storedNames(toMap());
    }

    /** A settings map with every renamed key under its former (stored) name. */
    public static SortedMap<String, String> storedNames(Map<String, String> current) {
        SortedMap<String, String> stored = new TreeMap<>(current);
        RENAMED.forEach((former, name) -> {
            String value = stored.remove(name);
            if (value != null) {
                stored.put(former, value);
            }
        });
        return Collections.unmodifiableSortedMap(stored);
    }

    /** A settings map as read from a state or snapshot, every former name replaced by the current one. */
    public static SortedMap<String, String> currentNames(Map<String, String> stored) {
        return Collections.unmodifiableSortedMap(new TreeMap<>(RenamedKeys.toCurrentNames(stored, RENAMED)));
    }

    /** A copy with some keys changed. */
    public DnsConfig with(Map<String, String> overrides) {
        Map<String, String> changed = RenamedKeys.toCurrentNames(overrides, RENAMED);
        Map<String, String> merged = new TreeMap<>(toMap());
        if (changed.containsKey(PROFILE) && !changed.containsKey(RHO)) {
            merged.remove(RHO); // let the new profile pick its own rho default
        }
        merged.putAll(changed);
        return parse(merged);
    }

    public static ConfigKey key(String name) {
        return KEYS.stream()
                .filter(k -> k.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown configuration key '" + name + "'"));
    }

    public Profile profile() {
        return profile;
    }

    public Method method() {
        return method;
    }

    public double lambdaMin() {
        return lambdaMin;
    }

    public double lambdaMinRelative() {
        return lambdaMinRelative;
    }

    /**
     * theta_R, the input (right) side threshold for a Z whose largest eigenvalue is {@code largest}:
     * max(lambda_min, lambda_min_relative * sigma_max). With the relative share at 0 it is lambda_min
     * itself, whatever {@code largest} is.
     */
    public double rightThreshold(double largest) {
        return lambdaMinRelative == 0 ? lambdaMin : Math.max(lambdaMin, lambdaMinRelative * largest);
    }

    public double rho() {
        return rho;
    }

    public double learningRate() {
        return learningRate;
    }

    public double beta1() {
        return beta1;
    }

    public double beta2() {
        return beta2;
    }

    public double epsilon() {
        return epsilon;
    }

    public double weightDecay() {
        return weightDecay;
    }

    public double temperature() {
        return temperature;
    }

    public double clipNorm() {
        return clipNorm;
    }

    public Normalization normalization() {
        return normalization;
    }

    public double ewcLambda() {
        return ewcLambda;
    }

    public int outputWidth() {
        return outputWidth;
    }

    public long seed() {
        return seed;
    }

    public Precision precision() {
        return precision;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DnsConfig c && c.toMap().equals(toMap());
    }

    @Override
    public int hashCode() {
        return toMap().hashCode();
    }

    @Override
    public String toString() {
        return "DnsConfig" + toMap();
    }

    private String value(Map<String, String> values, String name) {
        String v = values.get(name);
        return v != null ? v : key(name).defaultFor(profile);
    }

    private double number(Map<String, String> values, String name) {
        return key(name).parseDouble(value(values, name));
    }

    private long integer(Map<String, String> values, String name) {
        return key(name).parseLong(value(values, name));
    }
}
