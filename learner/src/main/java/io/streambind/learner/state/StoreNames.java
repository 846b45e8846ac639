package io.streambind.learner.state;

import java.util.List;

/** Names of the learner's changelogged state stores (also the stem of their changelog topics). */
public final class StoreNames {
    /** Per model: the small {@link Manifest} (step, redo bookkeeping, step progress), one JSON value. */
    public static final String MANIFESTS = "model-manifests";
    /** Per model: the sections of the last model snapshot, chunked. */
    public static final String SECTIONS = "model-sections";
    /** Per model: raw TRAIN batches applied since the last snapshot, in order, chunked. */
    public static final String REDO_LOG = "model-redo-log";
    /** Per model and step: batch ids already taken, for duplicate detection. */
    public static final String BATCH_IDS = "batch-ids";
    /** Per model: parts of split batches waiting for their siblings. */
    public static final String PENDING_PARTS = "pending-parts";
    /** Per model and task: held-out test pairs and class prompts for evaluation. */
    public static final String EVAL_DATA = "eval-data";

    public static final List<String> ALL = List.of(MANIFESTS, SECTIONS, REDO_LOG, BATCH_IDS, PENDING_PARTS, EVAL_DATA);

    private StoreNames() {}
}
