package io.streambind.core.model;

/** Why a batch cannot be trained: a kind to group by (metrics, dead-letter tags) and one sentence for people. */
public record BatchProblem(Kind kind, String message) {
    public enum Kind {
        /** A side does not name its modality. */
        UNNAMED_MODALITY,
        /** Both sides are the same modality. */
        SAME_MODALITY,
        /** No rows. */
        EMPTY,
        /** An input width outside 1..{@link ContinualModel#MAX_WIDTH}. */
        WIDTH_OUT_OF_RANGE,
        /** A side's value count is not rows x width. */
        RAGGED,
        /** A side's width differs from its modality's existing head. */
        WIDTH_MISMATCH,
        /** A NaN or infinite input value. */
        NON_FINITE,
        /** Finite inputs so large that their float32 second moments would overflow. */
        VALUE_OVERFLOW,
        /** The forward pass or the gradient came out NaN or infinite; nothing was changed. */
        NON_FINITE_UPDATE,
        /** More rows than {@link ResourceLimits#maxBatchRows()}. */
        BATCH_TOO_LARGE,
        /** A new modality wider than {@link ResourceLimits#maxInputWidth()}. */
        WIDTH_OVER_LIMIT,
        /** A new modality beyond {@link ResourceLimits#maxModalities()}. */
        TOO_MANY_MODALITIES
    }
}
