package io.streambind.core.model;

import java.util.List;
import java.util.SortedMap;

/**
 * What a step-end did. {@code step} is the number of the step that ended; a no-op step (no batch
 * since the last marker) still advances the counter and says so.
 */
public record StepResult(
        long step,
        boolean noOp,
        List<String> pairsTrained,
        long samples,
        SortedMap<String, Ranks> ranks,
        long durationNanos) {}
