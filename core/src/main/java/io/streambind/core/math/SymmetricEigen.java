package io.streambind.core.math;

import static org.bytedeco.openblas.global.openblas.LAPACKE_dormtr;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dstemr;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dsterf;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dsytrd;
import static org.bytedeco.openblas.global.openblas.LAPACK_COL_MAJOR;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;

/**
 * Symmetric eigendecomposition C = U diag(sigma) U^T in double precision, computed in the pieces
 * the range bases need: Householder reduction to tridiagonal form ({@code dsytrd}), every
 * eigenvalue from the tridiagonal ({@code dsterf}, O(d^2)), then eigenvectors only for the index
 * range asked for (MRRR {@code dstemr} plus back-transformation {@code dormtr}, O(d^2 k)). The
 * kept or null columns of a basis are usually a small share of d, and the threshold of the left
 * side depends on the largest eigenvalue, so deciding from all the values before computing any
 * vector is both possible and cheaper than {@code dsyevd}'s full set of d vectors (measured in
 * CoreBenchmark; {@code dsyevr} with a value range falls back to inverse iteration and was slower).
 * Eigenvalues ascend; eigenvector column i belongs to {@code values()[i]}.
 */
public final class SymmetricEigen {
    private final int dim;
    private final double[] values;
    private final double[] reflectors; // dsytrd output: the tridiagonal's Householder vectors in the upper triangle
    private final double[] tau;
    private final double[] diagonal;
    private final double[] offDiagonal;

    private SymmetricEigen(
            int dim, double[] values, double[] reflectors, double[] tau, double[] diagonal, double[] offDiagonal) {
        this.dim = dim;
        this.values = values;
        this.reflectors = reflectors;
        this.tau = tau;
        this.diagonal = diagonal;
        this.offDiagonal = offDiagonal;
    }

    /** Reduces the symmetric {@code dim x dim} matrix {@code c} (upper triangle read, column-major) and finds its eigenvalues. */
    public static SymmetricEigen of(double[] c, int dim) {
        if (dim <= 0 || c.length != (long) dim * dim) {
            throw new IllegalArgumentException("matrix has " + c.length + " entries, expected " + dim + "^2");
        }
        for (double value : c) {
            if (!Double.isFinite(value)) {
                // LAPACK would fail with an opaque info code, or return garbage bases
                throw new ArithmeticException("cannot decompose a " + dim + "x" + dim + " matrix holding " + value);
            }
        }
        int off = Math.max(1, dim - 1);
        try (DoublePointer a = new DoublePointer(c);
                DoublePointer d = new DoublePointer(dim);
                DoublePointer e = new DoublePointer(off);
                DoublePointer t = new DoublePointer(off)) {
            check(LAPACKE_dsytrd(LAPACK_COL_MAJOR, (byte) 'U', dim, a, dim, d, e, t), "dsytrd", dim);
            double[] reflectors = new double[dim * dim];
            double[] diagonal = new double[dim];
            double[] offDiagonal = new double[off];
            double[] tau = new double[off];
            a.get(reflectors);
            d.get(diagonal);
            e.get(offDiagonal);
            t.get(tau);
            check(LAPACKE_dsterf(dim, d, e), "dsterf", dim); // overwrites d with the ascending eigenvalues
            double[] values = new double[dim];
            d.get(values);
            return new SymmetricEigen(dim, values, reflectors, tau, diagonal, offDiagonal);
        }
    }

    public int dim() {
        return dim;
    }

    /** All eigenvalues, ascending (callers must not modify the array). */
    public double[] values() {
        return values;
    }

    public double largest() {
        return values[dim - 1];
    }

    /** Every eigenvector, column-major dim x dim. */
    public double[] vectors() {
        return vectors(0, dim);
    }

    /** The eigenvectors of {@code values()[from..to)}, column-major dim x (to - from). */
    public double[] vectors(int from, int to) {
        if (from < 0 || to > dim || from > to) {
            throw new IllegalArgumentException("eigenvector range [" + from + ", " + to + ") outside 0.." + dim);
        }
        int k = to - from;
        if (k == 0) {
            return new double[0];
        }
        try (DoublePointer d = new DoublePointer(diagonal);
                DoublePointer e = new DoublePointer(dim);
                DoublePointer w = new DoublePointer(dim);
                DoublePointer z = new DoublePointer((long) dim * k);
                IntPointer found = new IntPointer(1);
                IntPointer support = new IntPointer(2L * dim);
                IntPointer tryRelativeAccuracy = new IntPointer(new int[] {0});
                DoublePointer a = new DoublePointer(reflectors);
                DoublePointer t = new DoublePointer(tau)) {
            e.put(offDiagonal, 0, Math.min(offDiagonal.length, dim - 1));
            check(
                    LAPACKE_dstemr(
                            LAPACK_COL_MAJOR,
                            (byte) 'V',
                            (byte) 'I',
                            dim,
                            d,
                            e,
                            0,
                            0,
                            from + 1,
                            to,
                            found,
                            w,
                            z,
                            dim,
                            k,
                            support,
                            tryRelativeAccuracy),
                    "dstemr",
                    dim);
            if (found.get() != k) {
                throw new ArithmeticException(
                        "dstemr found " + found.get() + " of " + k + " eigenvectors of a " + dim + "^2 matrix");
            }
            check(
                    LAPACKE_dormtr(LAPACK_COL_MAJOR, (byte) 'L', (byte) 'U', (byte) 'N', dim, k, a, dim, t, z, dim),
                    "dormtr",
                    dim);
            double[] vectors = new double[dim * k];
            z.get(vectors);
            return vectors;
        }
    }

    private static void check(int info, String routine, int dim) {
        if (info != 0) {
            throw new ArithmeticException(routine + " failed (info " + info + ") on a " + dim + "^2 matrix");
        }
    }
}
