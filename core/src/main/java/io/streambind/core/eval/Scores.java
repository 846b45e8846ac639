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
    if (ya.length != (long) n * d || yb.length != (long) n * d) {
      throw new IllegalArgumentException("need " + n + " x " + d + " embeddings on both sides");
    }
    INDArray a = Nd4j.create(ya, new long[] {n, d}, DataType.FLOAT);
    INDArray b = Nd4j.create(yb, new long[] {n, d}, DataType.FLOAT);
    return a.mmul(b.transpose()).dup('c').data().asFloat();
  }
}
