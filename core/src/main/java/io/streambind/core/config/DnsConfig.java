package io.streambind.core.config;

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
    public static final String LEARNING_RATE = "dns.lr";
    public static final String BETA1 = "dns.beta1";
    public static final String BETA2 = "dns.beta2";
    public static final String EPSILON = "dns.eps";
    public static final String WEIGHT_DECAY = "dns.weight.decay";
    public static final String TEMPERATURE = "dns.temperature";
    public static final String CLIP_NORM = "dns.clip.norm";
    public static final String NORMALIZE = "dns.normalize";
    public static final String EWC_LAMBDA = "dns.ewc.lambda";
    public static final String OUTPUT_WIDTH = "dns.output.width";
    public static final String SEED = "dns.seed";
    public static final String PRECISION = "dns.precision";

    public static final List<ConfigKey> KEYS = List.of(
            ConfigKey.fixed(
                    PROFILE,
                    "exact",
                    "exact: symmetric loss, augmented inputs, per-modality counts, projection of the AdamW step;"
                            + " paper: the paper's code (one-direction loss, raw inputs, one global count, L = I,"
                            + " projection of the raw gradient)."),
            ConfigKey.fixed(
                    METHOD,
                    "dns",
                    "dns (dual-side null-space projection), vanilla (no projection), input-null (G (I - R)),"
                            + " ewc (diagonal Fisher penalty)."),
            ConfigKey.fixed(
                    LAMBDA_MIN,
                    "0.01",
                    "Absolute eigenvalue threshold of the input (right) side: directions of Z with sigma above"
                            + " it are protected."),
            ConfigKey.fixed(
                    LAMBDA_MIN_RELATIVE,
                    "0",
                    "Relative eigenvalue threshold of the input (right) side, a share of the largest eigenvalue of"
                            + " Z; the right side then protects the directions with sigma above"
                            + " max(dns.lambda.min, this * sigma_max). 0 (default) leaves dns.lambda.min alone;"
                            + " set dns.lambda.min to 0 for a purely relative threshold."),
            ConfigKey.byProfile(
                    RHO,
                    "1e-4",
                    "0",
                    "Relative eigenvalue threshold of the output (left) side, theta_L = rho * sigma_max of Z'."
                            + " Default depends on the profile: 1e-4 for exact, 0 for paper, where 0 means L = I"
                            + " exactly (no eigendecomposition)."),
            ConfigKey.fixed(LEARNING_RATE, "1e-4", "AdamW learning rate, constant within a step."),
            ConfigKey.fixed(BETA1, "0.9", "AdamW first-moment decay."),
            ConfigKey.fixed(BETA2, "0.999", "AdamW second-moment decay."),
            ConfigKey.fixed(EPSILON, "1e-8", "AdamW denominator epsilon."),
            ConfigKey.fixed(WEIGHT_DECAY, "1e-3", "Decoupled weight decay on W (never on the bias column)."),
            ConfigKey.fixed(TEMPERATURE, "1", "InfoNCE temperature tau: scores are inner products / tau."),
            ConfigKey.fixed(
                    CLIP_NORM,
                    "1.0",
                    "Global gradient-norm clipping threshold over both heads of the pair; 0 disables clipping."),
            ConfigKey.fixed(
                    NORMALIZE,
                    "none",
                    "none: raw encoder outputs; l2: every input row scaled to unit length before its head."),
            ConfigKey.fixed(EWC_LAMBDA, "1.0", "Strength of the EWC penalty (lambda/2) sum F (theta - theta*)^2."),
            ConfigKey.fixed(
                    OUTPUT_WIDTH,
                    "0",
                    "Width d_out shared by every head; 0 takes the input width of the first modality seen."),
            ConfigKey.fixed(
                    SEED,
                    "0",
                    "Seed for randomized choices around the model (evaluation subsets, synthetic data);"
                            + " the model's own updates are deterministic."),
            ConfigKey.fixed(
                    PRECISION,
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
        lambdaMin = nonNegative(values, LAMBDA_MIN);
        lambdaMinRelative = nonNegative(values, LAMBDA_MIN_RELATIVE);
        if (lambdaMinRelative >= 1) {
            throw invalid(
                    LAMBDA_MIN_RELATIVE,
                    values.get(LAMBDA_MIN_RELATIVE),
                    "must be below 1 (it is a share of the largest eigenvalue)");
        }
        rho = nonNegative(values, RHO);
        if (rho >= 1) {
            throw invalid(RHO, values.get(RHO), "must be below 1 (it is a share of the largest eigenvalue)");
        }
        learningRate = positive(values, LEARNING_RATE);
        beta1 = unitInterval(values, BETA1);
        beta2 = unitInterval(values, BETA2);
        epsilon = positive(values, EPSILON);
        weightDecay = nonNegative(values, WEIGHT_DECAY);
        temperature = positive(values, TEMPERATURE);
        clipNorm = nonNegative(values, CLIP_NORM);
        normalization = Normalization.parse(value(values, NORMALIZE));
        ewcLambda = nonNegative(values, EWC_LAMBDA);
        outputWidth = (int) parseLong(values, OUTPUT_WIDTH);
        if (outputWidth < 0) {
            throw invalid(OUTPUT_WIDTH, values.get(OUTPUT_WIDTH), "must be 0 (first modality's width) or positive");
        }
        seed = parseLong(values, SEED);
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
        for (String name : values.keySet()) {
            if (name.startsWith(PREFIX) && KEYS.stream().noneMatch(k -> k.name().equals(name))) {
                throw new IllegalArgumentException("unknown configuration key '" + name + "'");
            }
        }
        return new DnsConfig(values);
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

    /** A copy with some keys changed. */
    public DnsConfig with(Map<String, String> overrides) {
        Map<String, String> merged = new TreeMap<>(toMap());
        if (overrides.containsKey(PROFILE) && !overrides.containsKey(RHO)) {
            merged.remove(RHO); // let the new profile pick its own rho default
        }
        merged.putAll(overrides);
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

    private double parseDouble(Map<String, String> values, String name) {
        String v = value(values, name);
        try {
            double d = Double.parseDouble(v.trim());
            if (!Double.isFinite(d)) {
                throw invalid(name, v, "must be a finite number");
            }
            return d;
        } catch (NumberFormatException e) {
            throw invalid(name, v, "is not a number");
        }
    }

    private long parseLong(Map<String, String> values, String name) {
        String v = value(values, name);
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw invalid(name, v, "is not an integer");
        }
    }

    private double nonNegative(Map<String, String> values, String name) {
        double d = parseDouble(values, name);
        if (d < 0) {
            throw invalid(name, value(values, name), "must not be negative");
        }
        return d;
    }

    private double positive(Map<String, String> values, String name) {
        double d = parseDouble(values, name);
        if (d <= 0) {
            throw invalid(name, value(values, name), "must be positive");
        }
        return d;
    }

    private double unitInterval(Map<String, String> values, String name) {
        double d = parseDouble(values, name);
        if (d < 0 || d >= 1) {
            throw invalid(name, value(values, name), "must be in [0, 1)");
        }
        return d;
    }

    private static IllegalArgumentException invalid(String name, String value, String why) {
        return new IllegalArgumentException("invalid value '" + value + "' for " + name + ": " + why);
    }
}
