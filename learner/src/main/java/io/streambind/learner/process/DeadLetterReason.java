package io.streambind.learner.process;

/** Tags of the reasons a record goes to the dead-letter topic (DLQ header and metric tag). */
final class DeadLetterReason {
    static final String DECODE_ERROR = "decode-error";
    static final String MISSING_KEY = "missing-key";
    static final String INVALID_NAME = "invalid-name";
    static final String KEY_MODEL_MISMATCH = "key-model-mismatch";
    static final String DUPLICATE_BATCH_ID = "duplicate-batch-id";
    static final String EMPTY_OR_RAGGED = "empty-or-ragged";
    static final String NON_FINITE = "non-finite";
    static final String WIDTH_MISMATCH = "width-mismatch";
    static final String INVALID_BATCH = "invalid-batch";
    static final String INVALID_PARTS = "invalid-parts";
    static final String PART_BUFFER_FULL = "part-buffer-full";
    static final String INCOMPLETE_BATCH = "incomplete-batch";
    static final String SIBLING_PART_REJECTED = "sibling-part-rejected";
    static final String MARKER_STEP_MISMATCH = "marker-step-mismatch";
    static final String VALUE_OVERFLOW = "value-overflow";
    static final String NON_FINITE_UPDATE = "non-finite-update";
    static final String BATCH_TOO_LARGE = "batch-too-large";
    static final String WIDTH_OVER_LIMIT = "width-over-limit";
    static final String TOO_MANY_MODALITIES = "too-many-modalities";
    static final String MODEL_LIMIT = "model-limit";
    /** Anything that threw while the record was handled; the record's changes were rolled back. */
    static final String PROCESSING_ERROR = "processing-error";

    private DeadLetterReason() {}
}
