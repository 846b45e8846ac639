package io.streambind.learner.process;

import io.streambind.core.model.BatchProblem;

/** The DLQ reason tag of each kind of problem the core model finds in a batch. */
final class RejectReasons {
    private RejectReasons() {}

    static String tag(BatchProblem.Kind kind) {
        return switch (kind) {
            case NON_FINITE -> DeadLetterReason.NON_FINITE;
            case WIDTH_MISMATCH -> DeadLetterReason.WIDTH_MISMATCH;
            case EMPTY, RAGGED -> DeadLetterReason.EMPTY_OR_RAGGED;
            case UNNAMED_MODALITY, SAME_MODALITY, WIDTH_OUT_OF_RANGE -> DeadLetterReason.INVALID_BATCH;
            case VALUE_OVERFLOW -> DeadLetterReason.VALUE_OVERFLOW;
            case NON_FINITE_UPDATE -> DeadLetterReason.NON_FINITE_UPDATE;
            case BATCH_TOO_LARGE -> DeadLetterReason.BATCH_TOO_LARGE;
            case WIDTH_OVER_LIMIT -> DeadLetterReason.WIDTH_OVER_LIMIT;
            case TOO_MANY_MODALITIES -> DeadLetterReason.TOO_MANY_MODALITIES;
        };
    }
}
