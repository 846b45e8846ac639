package io.streambind.io;

/**
 * Paired embeddings of one task: row i of {@code xa} (modality a) pairs with row i of {@code xb}.
 *
 * @param labels class label per row, or null when the task has none
 */
public record PairBatch(
        String task, Split split, String modalityA, String modalityB, FloatRows xa, FloatRows xb, int[] labels) {
    public PairBatch {
        if (xa.rows() != xb.rows() || (labels != null && labels.length != xa.rows())) {
            throw new IllegalArgumentException("row counts differ: xa " + xa.rows() + ", xb " + xb.rows()
                    + (labels == null ? "" : ", labels " + labels.length));
        }
    }

    public int rows() {
        return xa.rows();
    }
}
