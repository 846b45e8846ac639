package io.streambind.core.model;

/**
 * What one batch may ask of a model's memory: rows per training iteration (InfoNCE builds n x n
 * score matrices), the width of a new modality and the number of modalities. A head of input
 * width d with output width d_out holds about 5 d_out (d + 1) floats (weights, two Adam moments,
 * gradient, step) and three (d + 1)^2 doubles (history, step sum, eigenvectors): about 0.2 GB at
 * d = d_out = 2048, 0.8 GB at 4096.
 *
 * <p>An over-long batch is refused rather than cut into sub-batches: its rows are one another's
 * InfoNCE negatives, so training it in pieces would be a different loss from the one its producer
 * chose. The producer splits it instead.
 */
public record ResourceLimits(int maxBatchRows, int maxInputWidth, int maxModalities) {
    /** n x n float scores are 64 MiB at 4096 rows; the paper trains with batches of 64 to 512. */
    public static final int DEFAULT_MAX_BATCH_ROWS = 4096;
    /** Covers image/text/audio encoders (512-1280) and LLM embedders (4096). */
    public static final int DEFAULT_MAX_INPUT_WIDTH = 4096;
    /** ImageBind aligns 6 modalities, LanguageBind 5; room for twice that. */
    public static final int DEFAULT_MAX_MODALITIES = 16;

    public static final ResourceLimits DEFAULTS =
            new ResourceLimits(DEFAULT_MAX_BATCH_ROWS, DEFAULT_MAX_INPUT_WIDTH, DEFAULT_MAX_MODALITIES);

    public ResourceLimits {
        if (maxBatchRows < 1 || maxInputWidth < 1 || maxInputWidth > ContinualModel.MAX_WIDTH || maxModalities < 2) {
            throw new IllegalArgumentException("limits out of range: rows " + maxBatchRows + ", width " + maxInputWidth
                    + " (1.." + ContinualModel.MAX_WIDTH + "), modalities " + maxModalities + " (at least 2)");
        }
    }

    /** Why {@code model} must not take {@code batch} under these limits; null when it may. */
    public BatchProblem problem(ContinualModel model, BatchShape batch) {
        if (batch.rows() > maxBatchRows) {
            return new BatchProblem(
                    BatchProblem.Kind.BATCH_TOO_LARGE,
                    "The batch has " + batch.rows() + " rows, more than the " + maxBatchRows
                            + " one training iteration takes; split it into smaller batches.");
        }
        int added = 0;
        for (int side = 0; side < 2; side++) {
            String modality = side == 0 ? batch.modalityA() : batch.modalityB();
            int width = side == 0 ? batch.widthA() : batch.widthB();
            if (modality == null || model.hasModality(modality)) {
                continue;
            }
            if (width > maxInputWidth) {
                return new BatchProblem(
                        BatchProblem.Kind.WIDTH_OVER_LIMIT,
                        "New modality '" + modality + "' has input width " + width + ", more than the " + maxInputWidth
                                + " a new head may take.");
            }
            added++;
        }
        if (added > 0 && model.modalityCount() + added > maxModalities) {
            return new BatchProblem(
                    BatchProblem.Kind.TOO_MANY_MODALITIES,
                    "The batch would give the model " + (model.modalityCount() + added)
                            + " modalities, more than its limit of " + maxModalities + ".");
        }
        return null;
    }
}
