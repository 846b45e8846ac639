package io.streambind.core.config;

import java.util.Locale;

/** Continual-learning method applied to every training iteration (dns-spec.md section 5). */
public enum Method {
    /** Dual-side null-space projection G - L G R. */
    DNS,
    /** No projection: the lower bound. */
    VANILLA,
    /** One-sided input null-space projection G (I - R), Adam-NSCL style. */
    INPUT_NULL,
    /** Diagonal-Fisher penalty towards the weights of the previous step. */
    EWC;

    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Whether the method needs the covariance history (Z, Z') and the bases built from it. */
    public boolean usesHistory() {
        return this == DNS || this == INPUT_NULL;
    }

    public static Method parse(String value) {
        for (Method m : values()) {
            if (m.configName().equals(value.trim().toLowerCase(Locale.ROOT))) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown method '" + value + "' (expected dns, vanilla, input-null or ewc)");
    }
}
