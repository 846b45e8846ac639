package io.streambind.core.math;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The range projector P = U_k U_k^T of a covariance (dns-spec.md section 4), kept as a basis, never
 * as a d x d matrix: the kept eigenvectors when the rank is at most d/2, otherwise the null-space
 * complement N with P = I - N N^T, whichever has fewer columns. P = 0 (nothing to protect) and
 * P = I (profile paper's left side) need no basis at all.
 */
public final class RangeBasis {
    /** How P is represented. */
    public enum Form {
        ZERO,
        IDENTITY,
        KEPT,
        COMPLEMENT
    }

    private final Form form;
    private final int dim;
    private final int rank;
    private final INDArray basis; // the model's precision, column-major dim x columns; null for ZERO and IDENTITY

    private RangeBasis(Form form, int dim, int rank, INDArray basis) {
        this.form = form;
        this.dim = dim;
        this.rank = rank;
        this.basis = basis;
    }

    public static RangeBasis zero(int dim) {
        return new RangeBasis(Form.ZERO, dim, 0, null);
    }

    public static RangeBasis identity(int dim) {
        return new RangeBasis(Form.IDENTITY, dim, dim, null);
    }

    /** Keeps the eigenvectors whose eigenvalue is strictly above {@code threshold}, as a float32 basis. */
    public static RangeBasis above(SymmetricEigen eigen, double threshold) {
        return above(eigen, threshold, DataType.FLOAT);
    }

    /** Keeps the eigenvectors whose eigenvalue is strictly above {@code threshold}, as a basis of {@code type}. */
    public static RangeBasis above(SymmetricEigen eigen, double threshold, DataType type) {
        int dim = eigen.dim();
        int firstKept = dim; // eigenvalues ascend, so the kept ones are a suffix
        while (firstKept > 0 && eigen.values()[firstKept - 1] > threshold) {
            firstKept--;
        }
        int rank = dim - firstKept;
        if (rank == 0) {
            return zero(dim);
        }
        if (rank == dim) {
            return identity(dim);
        }
        boolean complement = rank > dim / 2;
        int from = complement ? 0 : firstKept;
        int columns = complement ? firstKept : rank;
        double[] vectors = eigen.vectors(from, from + columns); // only the columns the basis keeps
        Form form = complement ? Form.COMPLEMENT : Form.KEPT;
        if (type == DataType.DOUBLE) {
            return new RangeBasis(form, dim, rank, Nd4j.create(vectors, new long[] {dim, columns}, 'f'));
        }
        float[] data = new float[dim * columns];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) vectors[i];
        }
        return of(form, dim, rank, data);
    }

    /** Rebuilds a basis from its stored parts (column-major data, empty for ZERO and IDENTITY). */
    public static RangeBasis of(Form form, int dim, int rank, float[] data) {
        return switch (form) {
            case ZERO -> zero(dim);
            case IDENTITY -> identity(dim);
            case KEPT, COMPLEMENT -> {
                int columns = form == Form.KEPT ? rank : dim - rank;
                if (columns <= 0 || data.length != (long) dim * columns) {
                    throw new IllegalArgumentException(form + " basis of rank " + rank + " in " + dim
                            + " dimensions cannot hold " + data.length + " values");
                }
                yield new RangeBasis(form, dim, rank, Nd4j.create(data, new long[] {dim, columns}, 'f'));
            }
        };
    }

    public Form form() {
        return form;
    }

    public int dim() {
        return dim;
    }

    /** Number of protected directions (the kept rank k). */
    public int rank() {
        return rank;
    }

    /** U_k for KEPT, N for COMPLEMENT, null otherwise. Callers must not modify it. */
    public INDArray basis() {
        return basis;
    }

    /** The stored basis values, column-major (empty for ZERO and IDENTITY). */
    public float[] basisData() {
        return basis == null ? new float[0] : basis.data().asFloat();
    }
}
