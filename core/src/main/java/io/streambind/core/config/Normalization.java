package io.streambind.core.config;

import java.util.Locale;

/** What the learner does to each input row before its head sees it. */
public enum Normalization {
    /** Raw encoder outputs: their scales are what the method was tuned for. */
    NONE,
    /** Each input row scaled to unit Euclidean length (training, history and embedding alike). */
    L2;

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Normalization parse(String value) {
        for (Normalization n : values()) {
            if (n.configName().equals(value.trim().toLowerCase(Locale.ROOT))) {
                return n;
            }
        }
        throw new IllegalArgumentException("unknown normalization '" + value + "' (expected none or l2)");
    }
}
