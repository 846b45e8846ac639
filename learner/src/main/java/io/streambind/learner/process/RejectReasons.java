package io.streambind.learner.process;

/** Maps the core model's one-sentence reject reasons to the DLQ's reason tags. */
final class RejectReasons {
    private RejectReasons() {
    }

    static String tag(String coreReason) {
        // The core's sentences are stable and tested there; the tags only group them for metrics.
        String lower = coreReason.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("non-finite")) {
            return DeadLetterReason.NON_FINITE;
        }
        if (lower.contains("head was built for width")) {
            return DeadLetterReason.WIDTH_MISMATCH;
        }
        if (lower.contains("empty") || lower.contains("ragged")) {
            return DeadLetterReason.EMPTY_OR_RAGGED;
        }
        return DeadLetterReason.INVALID_BATCH;
    }
}
