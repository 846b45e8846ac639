package io.streambind.schemas.registry;

import java.util.List;

/** Outcome of a compatibility check; {@code messages} name the subject and offending fields when incompatible. */
public record CompatibilityResult(boolean compatible, List<String> messages) {
    public static final CompatibilityResult COMPATIBLE = new CompatibilityResult(true, List.of());

    public CompatibilityResult {
        messages = List.copyOf(messages);
    }
}
