package io.streambind.core.model;

import io.streambind.core.model.BatchProblem.Kind;
import java.util.function.ToIntFunction;

/**
 * What makes a batch untrainable whatever the limits: names, shape, widths against the existing
 * heads, and values (NaN, infinities, or rows whose float32 second moments would overflow). One pass
 * over the values.
 */
final class BatchValidation {
    /**
     * Largest squared norm of an input row: a float32 block of {@link ContinualModel#STEP_SUM_BLOCK_ROWS}
     * such rows then sums to at most Float.MAX_VALUE / 2 in the step sum's syrk (entries of X^T X are
     * bounded by the sum of the rows' squared norms).
     */
    static final double MAX_ROW_SQUARES = Float.MAX_VALUE / 2.0 / ContinualModel.STEP_SUM_BLOCK_ROWS;

    private BatchValidation() {}

    /**
     * Why the batch cannot be trained; null when it can. {@code headWidth} gives the input width of a
     * modality's existing head, 0 when it has none.
     */
    static BatchProblem problem(
            String a, float[] xa, int da, String b, float[] xb, int db, int n, ToIntFunction<String> headWidth) {
        if (a == null || a.isBlank() || b == null || b.isBlank()) {
            return new BatchProblem(Kind.UNNAMED_MODALITY, "The batch does not name both of its modalities.");
        }
        if (a.equals(b)) {
            return new BatchProblem(
                    Kind.SAME_MODALITY,
                    "Both sides of the batch are the same modality '" + a + "'; a pair needs two modalities.");
        }
        if (n <= 0) {
            return new BatchProblem(Kind.EMPTY, "The batch is empty (" + n + " rows).");
        }
        if ((long) n * n > Integer.MAX_VALUE) {
            // whatever the configured limits, the n x n score matrices must be addressable by an int
            return new BatchProblem(
                    Kind.BATCH_TOO_LARGE,
                    "The batch has " + n + " rows; its " + n + " x " + n
                            + " score matrix has more entries than an array holds.");
        }
        BatchProblem side = sideProblem(a, xa, da, n, headWidth.applyAsInt(a));
        return side != null ? side : sideProblem(b, xb, db, n, headWidth.applyAsInt(b));
    }

    private static BatchProblem sideProblem(String modality, float[] x, int width, int n, int headWidth) {
        if (width <= 0 || width > ContinualModel.MAX_WIDTH) {
            return new BatchProblem(
                    Kind.WIDTH_OUT_OF_RANGE,
                    "Modality '" + modality + "' has input width " + width + ", outside 1.." + ContinualModel.MAX_WIDTH
                            + ".");
        }
        if (x == null || x.length != (long) n * width) {
            return new BatchProblem(
                    Kind.RAGGED,
                    "Ragged batch: modality '" + modality + "' carries "
                            + (x == null ? 0 : x.length) + " values where " + n + " rows of width " + width + " need "
                            + (long) n * width + ".");
        }
        if (headWidth != 0 && headWidth != width) {
            return new BatchProblem(
                    Kind.WIDTH_MISMATCH,
                    "Modality '" + modality + "' has input width " + width + " but its head was built for width "
                            + headWidth + ".");
        }
        for (int row = 0; row < n; row++) {
            double squares = 0;
            for (int i = row * width, end = i + width; i < end; i++) {
                if (!Float.isFinite(x[i])) {
                    return new BatchProblem(
                            Kind.NON_FINITE,
                            "Modality '" + modality + "' row " + row + " column " + (i - row * width)
                                    + " holds a non-finite value (" + x[i] + ").");
                }
                squares += (double) x[i] * x[i];
            }
            if (squares > MAX_ROW_SQUARES) {
                return new BatchProblem(
                        Kind.VALUE_OVERFLOW,
                        "Modality '" + modality + "' row " + row
                                + " has squared norm " + squares + ": its float32 second moments would overflow (limit "
                                + MAX_ROW_SQUARES + ").");
            }
        }
        return null;
    }
}
