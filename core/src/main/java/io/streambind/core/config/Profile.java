package io.streambind.core.config;

import java.util.Locale;

/** Which reading of the method the learner follows (dns-spec.md): the paper's text or the paper's code. */
public enum Profile {
    /** Symmetric loss, augmented inputs, per-modality counts, projection of the final AdamW step. */
    EXACT,
    /** One-direction loss, raw inputs, one global count, L = I, projection of the raw gradient. */
    PAPER;

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Profile parse(String value) {
        for (Profile p : values()) {
            if (p.configName().equals(value.trim().toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown profile '" + value + "' (expected exact or paper)");
    }
}
