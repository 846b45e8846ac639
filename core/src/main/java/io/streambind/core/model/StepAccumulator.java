package io.streambind.core.model;

import static org.bytedeco.openblas.global.openblas.CblasColMajor;
import static org.bytedeco.openblas.global.openblas.CblasTrans;
import static org.bytedeco.openblas.global.openblas.CblasUpper;
import static org.bytedeco.openblas.global.openblas.cblas_dsyrk;
import static org.bytedeco.openblas.global.openblas.cblas_ssyrk;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;

/**
 * S_{m|mp} = sum of x x^T of modality m's inputs over the step's batches of pair (m, p), and the
 * count behind it. Input rows are buffered in float32 and folded in blocks of {@link #BLOCK_ROWS}
 * by one float32 {@code ssyrk} (upper triangle only) whose partial sum is added into a double
 * accumulator: one block costs what ~6 per-batch double GEMMs did, and the double sum keeps
 * thousands of blocks from losing the small eigenvalues the thresholds look at. The blocks depend
 * only on the sequence of rows, and the buffered rows are part of the state codec, so a restored
 * model folds exactly the same blocks as an uninterrupted one. A float64 model folds each block with
 * {@code dsyrk} instead: the rows are the float32 values the batches arrived as, the products and
 * sums are double.
 */
final class StepAccumulator {
    static final int BLOCK_ROWS = ContinualModel.STEP_SUM_BLOCK_ROWS;

    final int dim;
    private final boolean float64;
    private final double[] sum; // column-major dim x dim; the upper triangle is the sum until symmetricSum()
    long count;
    private final FloatBuffer block; // column-major BLOCK_ROWS x dim, the rows not yet folded
    private final FloatPointer blockPointer;
    private int buffered;

    StepAccumulator(int dim, boolean float64) {
        this(dim, float64, new double[dim * dim], 0, new float[0]);
    }

    /** Restores an accumulator: its double sum, count, and the buffered rows (column-major, buffered x dim). */
    StepAccumulator(int dim, boolean float64, double[] sum, long count, float[] bufferedRows) {
        this.dim = dim;
        this.float64 = float64;
        this.sum = sum;
        this.count = count;
        this.blockPointer = new FloatPointer((long) BLOCK_ROWS * dim);
        this.block = blockPointer.asBuffer();
        this.buffered = bufferedRows.length / dim;
        for (int c = 0; c < dim; c++) {
            block.put(c * BLOCK_ROWS, bufferedRows, c * buffered, buffered);
        }
    }

    /** Adds the first {@link #dim} columns of n rows stored column-major in {@code columns} (n x >= dim). */
    void add(float[] columns, int n) {
        for (int from = 0; from < n; ) {
            int take = Math.min(n - from, BLOCK_ROWS - buffered);
            for (int c = 0; c < dim; c++) {
                block.put(c * BLOCK_ROWS + buffered, columns, c * n + from, take);
            }
            buffered += take;
            from += take;
            if (buffered == BLOCK_ROWS) {
                flush();
            }
        }
        count += n;
    }

    /** The full symmetric sum S (column-major dim x dim), after folding the buffered rows. Ends accumulation. */
    double[] symmetricSum() {
        flush();
        for (int c = 0; c < dim; c++) {
            for (int r = c + 1; r < dim; r++) {
                sum[c * dim + r] = sum[r * dim + c];
            }
        }
        return sum;
    }

    /** The double sum as stored (upper triangle meaningful), for the state codec. */
    double[] storedSum() {
        return sum;
    }

    /** The rows not yet folded, column-major buffered x dim, for the state codec. */
    float[] bufferedRows() {
        float[] rows = new float[buffered * dim];
        for (int c = 0; c < dim; c++) {
            block.get(c * BLOCK_ROWS, rows, c * buffered, buffered);
        }
        return rows;
    }

    /** Frees the native row buffer now rather than at some later garbage collection; the sum stays readable. */
    void release() {
        blockPointer.close();
    }

    private void flush() {
        if (buffered == 0) {
            return;
        }
        if (float64) {
            flushInDouble();
            return;
        }
        try (FloatPointer partial = new FloatPointer((long) dim * dim)) {
            cblas_ssyrk(
                    CblasColMajor,
                    CblasUpper,
                    CblasTrans,
                    dim,
                    buffered,
                    1f,
                    blockPointer,
                    BLOCK_ROWS,
                    0f,
                    partial,
                    dim);
            FloatBuffer p = partial.asBuffer();
            for (int c = 0; c < dim; c++) {
                for (int r = 0, at = c * dim; r <= c; r++, at++) {
                    sum[at] += p.get(at);
                }
            }
        }
        buffered = 0;
    }

    private void flushInDouble() {
        try (DoublePointer rows = new DoublePointer((long) buffered * dim);
                DoublePointer partial = new DoublePointer((long) dim * dim)) {
            DoubleBuffer r = rows.asBuffer();
            for (int c = 0; c < dim; c++) {
                for (int i = 0; i < buffered; i++) {
                    r.put(c * buffered + i, block.get(c * BLOCK_ROWS + i));
                }
            }
            cblas_dsyrk(CblasColMajor, CblasUpper, CblasTrans, dim, buffered, 1, rows, buffered, 0, partial, dim);
            DoubleBuffer p = partial.asBuffer();
            for (int c = 0; c < dim; c++) {
                for (int at = c * dim, end = at + c; at <= end; at++) {
                    sum[at] += p.get(at);
                }
            }
        }
        buffered = 0;
    }
}
