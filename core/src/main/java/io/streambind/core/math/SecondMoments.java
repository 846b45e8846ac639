package io.streambind.core.math;

import static org.bytedeco.openblas.global.openblas.CblasColMajor;
import static org.bytedeco.openblas.global.openblas.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas.CblasTrans;
import static org.bytedeco.openblas.global.openblas.cblas_dgemm;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.function.IntToDoubleFunction;
import org.bytedeco.javacpp.DoublePointer;

/**
 * The step-end history updates of dns-spec.md section 3 in double precision, on plain arrays and
 * BLAS calls (ND4J's element-wise ops on d x d arrays were measured ~40x slower than BLAS here).
 */
public final class SecondMoments {
    private SecondMoments() {}

    /**
     * W S W^T (rows x rows, column-major) for the first {@code cols} columns of the column-major
     * float32 matrix {@code weights} (rows x >= cols) and the symmetric {@code s} (cols x cols):
     * two double GEMMs, 4 rows cols^2 flops when rows = cols. (A pivoted-Cholesky route, S = P L L^T P^T,
     * then dtrmm and dsyrk, counts 2.3 d^3 flops but measured no faster with this OpenBLAS: dpstrf is slow.)
     * The result is exactly symmetric: the GEMMs round (i, j) and (j, i) differently, so the upper
     * triangle, the one the eigendecomposition reads, is mirrored; a symmetric Z' is then stored as
     * one triangle by the state codec.
     */
    public static double[] projected(FloatBuffer weights, int rows, int cols, double[] s) {
        return projected(weights::get, rows, cols, s);
    }

    /** {@link #projected(FloatBuffer, int, int, double[])} of a float64 matrix. */
    public static double[] projected(DoubleBuffer weights, int rows, int cols, double[] s) {
        return projected(weights::get, rows, cols, s);
    }

    private static double[] projected(IntToDoubleFunction weights, int rows, int cols, double[] s) {
        long size = (long) rows * cols;
        try (DoublePointer w = new DoublePointer(size);
                DoublePointer sm = new DoublePointer(s);
                DoublePointer ws = new DoublePointer(size);
                DoublePointer out = new DoublePointer((long) rows * rows)) {
            DoubleBuffer wb = w.asBuffer();
            for (int i = 0; i < size; i++) {
                wb.put(i, weights.applyAsDouble(i)); // column-major: the leading columns are a prefix of the storage
            }
            cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, rows, cols, cols, 1, w, rows, sm, cols, 0, ws, rows);
            cblas_dgemm(CblasColMajor, CblasNoTrans, CblasTrans, rows, rows, cols, 1, ws, rows, w, rows, 0, out, rows);
            double[] result = new double[rows * rows];
            out.get(result);
            for (int c = 0; c < rows; c++) {
                for (int r = c + 1; r < rows; r++) {
                    result[c * rows + r] = result[r * rows + c];
                }
            }
            return result;
        }
    }

    /** Running mean: mean <- (n mean + sum) / (n + added), in place. */
    public static void foldMean(double[] mean, long n, double[] sum, long added) {
        double total = (double) n + added;
        double keep = n / total;
        for (int i = 0; i < mean.length; i++) {
            mean[i] = mean[i] * keep + sum[i] / total;
        }
    }
}
