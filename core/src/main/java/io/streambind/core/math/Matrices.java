package io.streambind.core.math;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Views on column-major matrices that stay contiguous, so BLAS and element-wise ops use them in place. */
public final class Matrices {
  private Matrices() {}

  /** The first {@code cols} columns of a column-major matrix: for a head W~ = [W | b], the W part. */
  public static INDArray leadingColumns(INDArray fOrder, long cols) {
    requireColumnMajor(fOrder);
    return fOrder.get(NDArrayIndex.all(), NDArrayIndex.interval(0, cols));
  }

  /** The same column-major storage seen as one flat vector (for level-1 BLAS over a block). */
  public static INDArray flatLeadingColumns(INDArray fOrder, long cols) {
    requireColumnMajor(fOrder);
    return fOrder.reshape('f', new long[] {fOrder.length()}).get(NDArrayIndex.interval(0, fOrder.rows() * cols));
  }

  private static void requireColumnMajor(INDArray a) {
    if (a.ordering() != 'f' || a.rank() != 2) {
      throw new IllegalArgumentException("expected a column-major matrix, got order " + a.ordering());
    }
  }
}
