package io.streambind.core.eval;

import io.streambind.core.math.Matrices;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Alignment scores: raw inner products of projected embeddings, as the paper's evaluation uses. */
public final class Scores {
    private Scores() {}

    /**
     * {@code S[i][j] = <ya_i, yb_j>} for n row-major rows of width d on each side; row-major n x n.
     * One float32 GEMM: the same precision the embeddings are served in.
     */
    public static float[] innerProducts(float[] ya, float[] yb, int n, int d) {
        return innerProducts(ya, n, yb, n, d);
    }

    /** {@code S[i][j] = <a_i, b_j>} for na rows a and nb rows b of width d; row-major na x nb. */
    public static float[] innerProducts(float[] a, int na, float[] b, int nb, int d) {
        if (a.length != (long) na * d || b.length != (long) nb * d) {
            throw new IllegalArgumentException("need " + na + " x " + d + " and " + nb + " x " + d + " embeddings");
        }
        // Row-major rows are the columns of a column-major d x n matrix, and the row-major na x nb result is
        // the column-major nb x na one: S^T = B A^T needs no transposed copy on either side (bulk copies only).
        INDArray left = Nd4j.create(DataType.FLOAT, new long[] {d, na}, 'f');
        INDArray right = Nd4j.create(DataType.FLOAT, new long[] {d, nb}, 'f');
        Matrices.storage(left).put(0, a);
        Matrices.storage(right).put(0, b);
        INDArray transposed = Nd4j.create(DataType.FLOAT, new long[] {nb, na}, 'f');
        Nd4j.gemm(right, left, transposed, true, false, 1.0, 0.0);
        float[] scores = new float[na * nb];
        Matrices.storage(transposed).get(0, scores);
        return scores;
    }
}
