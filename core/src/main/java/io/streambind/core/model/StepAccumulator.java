package io.streambind.core.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * S_{m|mp} = sum of x x^T of modality m's inputs over the step's batches of pair (m, p), and the
 * count behind it. Accumulated in double by dgemm (beta = 1), so thousands of batches do not lose
 * the small eigenvalues the thresholds look at.
 */
final class StepAccumulator {
  final INDArray sum; // double, column-major dim x dim
  long count;

  StepAccumulator(int dim) {
    this(Nd4j.create(DataType.DOUBLE, new long[] {dim, dim}, 'f'), 0);
  }

  StepAccumulator(INDArray sum, long count) {
    this.sum = sum;
    this.count = count;
  }

  /** Adds the rows of {@code inputs} (n x dim, double). */
  void add(INDArray inputs) {
    Nd4j.gemm(inputs, inputs, sum, true, false, 1.0, 1.0);
    count += inputs.rows();
  }
}
