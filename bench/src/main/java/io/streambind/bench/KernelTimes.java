package io.streambind.bench;

import static org.bytedeco.openblas.global.openblas.CblasColMajor;
import static org.bytedeco.openblas.global.openblas.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas.CblasTrans;
import static org.bytedeco.openblas.global.openblas.CblasUpper;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dsyevd;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dsyevr;
import static org.bytedeco.openblas.global.openblas.LAPACK_COL_MAJOR;
import static org.bytedeco.openblas.global.openblas.cblas_dgemm;
import static org.bytedeco.openblas.global.openblas.cblas_sgemm;
import static org.bytedeco.openblas.global.openblas.cblas_ssyrk;

import io.streambind.core.math.SymmetricEigen;
import java.util.Arrays;
import java.util.Random;
import java.util.function.IntConsumer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;

/**
 * Median times of the BLAS/LAPACK kernels the core chose between, measured in the benchmark's run
 * so that the choices (blocked ssyrk for the step sums, partial eigenvectors at step end) can be
 * checked on the machine at hand.
 */
final class KernelTimes {
    private final int repetitions;
    private final Random random = new Random(5);

    KernelTimes(int repetitions) {
        this.repetitions = repetitions;
    }

    /** Median milliseconds of {@code work}, called with the repetition index after one untimed call. */
    double medianMillis(IntConsumer work) {
        return medianMillis(repetitions, work);
    }

    private static double medianMillis(int repetitions, IntConsumer work) {
        work.accept(0);
        long[] times = new long[repetitions];
        for (int i = 0; i < repetitions; i++) {
            long start = System.nanoTime();
            work.accept(i);
            times[i] = System.nanoTime() - start;
        }
        Arrays.sort(times);
        return times[repetitions / 2] / 1e6;
    }

    /**
     * GFLOP/s of a float32 m x k x n GEMM, from the fastest of the repetitions: what the machine can
     * do (load from other processes only slows calls down), the rate the floors are computed at.
     */
    double sgemmRate(int m, int k, int n) {
        try (FloatPointer a = floats((long) m * k);
                FloatPointer b = floats((long) k * n);
                FloatPointer c = new FloatPointer((long) m * n)) {
            long fastest = Long.MAX_VALUE;
            for (int i = 0; i <= repetitions; i++) {
                long start = System.nanoTime();
                cblas_sgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, m, n, k, 1f, a, m, b, k, 0f, c, m);
                fastest = i == 0 ? fastest : Math.min(fastest, System.nanoTime() - start); // the first call warms up
            }
            return 2.0 * m * k * n / fastest;
        }
    }

    /** Milliseconds per {@code rows} input rows of S += X^T X (dim x dim): double GEMM per batch, float syrk per batch, float syrk per block. */
    double[] stepSumMillis(int dim, int rows, int blockRows) {
        try (DoublePointer xd = doubles((long) rows * dim);
                DoublePointer sd = new DoublePointer((long) dim * dim);
                FloatPointer xs = floats((long) blockRows * dim);
                FloatPointer ss = new FloatPointer((long) dim * dim)) {
            double gemm = medianMillis(i -> cblas_dgemm(
                    CblasColMajor, CblasTrans, CblasNoTrans, dim, dim, rows, 1, xd, rows, xd, rows, 1, sd, dim));
            double syrkBatch = medianMillis(
                    i -> cblas_ssyrk(CblasColMajor, CblasUpper, CblasTrans, dim, rows, 1f, xs, blockRows, 1f, ss, dim));
            double syrkBlock = medianMillis(i -> cblas_ssyrk(
                            CblasColMajor, CblasUpper, CblasTrans, dim, blockRows, 1f, xs, blockRows, 0f, ss, dim))
                    * rows
                    / blockRows;
            return new double[] {gemm, syrkBatch, syrkBlock};
        }
    }

    /**
     * Milliseconds to get the basis of {@code c} above {@code threshold}: dsyevd (every vector),
     * dsyevr with the value range (vl, +inf), and the partial path of {@link SymmetricEigen}; few
     * repetitions, each takes a good share of a second.
     */
    double[] eigenMillis(double[] c, int dim, double threshold) {
        int repetitions = 3;
        double full = medianMillis(repetitions, i -> {
            try (DoublePointer a = new DoublePointer(c);
                    DoublePointer w = new DoublePointer(dim)) {
                LAPACKE_dsyevd(LAPACK_COL_MAJOR, (byte) 'V', (byte) 'U', dim, a, dim, w);
            }
        });
        double range = medianMillis(repetitions, i -> {
            try (DoublePointer a = new DoublePointer(c);
                    DoublePointer w = new DoublePointer(dim);
                    DoublePointer z = new DoublePointer((long) dim * dim);
                    IntPointer found = new IntPointer(1);
                    IntPointer support = new IntPointer(2L * dim)) {
                LAPACKE_dsyevr(
                        LAPACK_COL_MAJOR,
                        (byte) 'V',
                        (byte) 'V',
                        (byte) 'U',
                        dim,
                        a,
                        dim,
                        threshold,
                        Double.MAX_VALUE,
                        0,
                        0,
                        0,
                        found,
                        w,
                        z,
                        dim,
                        support);
            }
        });
        double partial = medianMillis(repetitions, i -> {
            SymmetricEigen eigen = SymmetricEigen.of(c, dim);
            int first = dim;
            while (first > 0 && eigen.values()[first - 1] > threshold) {
                first--;
            }
            int kept = dim - first;
            if (kept > dim / 2) {
                eigen.vectors(0, first);
            } else {
                eigen.vectors(first, dim);
            }
        });
        return new double[] {full, range, partial};
    }

    FloatPointer floats(long size) {
        FloatPointer p = new FloatPointer(size);
        for (long i = 0; i < size; i++) {
            p.put(i, (float) random.nextGaussian());
        }
        return p;
    }

    private DoublePointer doubles(long size) {
        DoublePointer p = new DoublePointer(size);
        for (long i = 0; i < size; i++) {
            p.put(i, random.nextGaussian());
        }
        return p;
    }
}
