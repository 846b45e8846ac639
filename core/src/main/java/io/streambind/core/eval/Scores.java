package io.streambind.core.eval;

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
    INDArray left = Nd4j.create(a, new long[] {na, d}, DataType.FLOAT);
    INDArray right = Nd4j.create(b, new long[] {nb, d}, DataType.FLOAT);
    return left.mmul(right.transpose()).dup('c').data().asFloat();
  }
}
