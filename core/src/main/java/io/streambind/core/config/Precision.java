package io.streambind.core.config;

import java.util.Locale;

/** The floating-point type a model trains in: its heads, Adam moments, gradients and step sums. */
public enum Precision {
    /** Single precision: the fast path; results depend on the BLAS kernel, thread count and CPU. */
    FLOAT32,
    /** Double precision: the same math, results far closer across numeric paths, at 1-2.5 times the cost. */
    FLOAT64;

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Precision parse(String value) {
        for (Precision p : values()) {
            if (p.configName().equals(value.trim().toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown precision '" + value + "' (expected float32 or float64)");
    }
}
