package io.streambind.core.math;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * AdamW step of dns-spec.md section 2, computed into a separate tensor so that a projection can be
 * applied to it before it is added to the weights:
 * step = -lr (m_hat / (sqrt(v_hat) + eps) + wd W), weight decay on the W columns only.
 */
public final class AdamW {
  private final double learningRate;
  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private final double weightDecay;

  public AdamW(double learningRate, double beta1, double beta2, double epsilon, double weightDecay) {
    this.learningRate = learningRate;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
    this.weightDecay = weightDecay;
  }

  /**
   * Updates the moments {@code m}, {@code v} with gradient {@code g} at Adam step {@code t}
   * (1-based) and writes the step for {@code weights} into {@code step}. Weight decay applies to
   * the first {@code decayedColumns} columns (W), not to the bias column. All tensors are
   * column-major with the same shape; {@code scratch} is overwritten.
   */
  public void computeStep(INDArray weights, INDArray g, INDArray m, INDArray v, int t, long decayedColumns,
      INDArray step, INDArray scratch) {
    double firstCorrection = 1 - Math.pow(beta1, t);
    double secondCorrection = 1 - Math.pow(beta2, t);
    long length = g.length();
    m.muli(beta1);
    Nd4j.getBlasWrapper().level1().axpy(length, 1 - beta1, g, m);
    v.muli(beta2);
    scratch.assign(g).muli(g);
    Nd4j.getBlasWrapper().level1().axpy(length, 1 - beta2, scratch, v);
    // sqrt(v_hat) + eps, then m_hat / that, scaled by -lr
    scratch.assign(v).muli(1 / secondCorrection);
    Transforms.sqrt(scratch, false).addi(epsilon);
    step.assign(m).divi(scratch).muli(-learningRate / firstCorrection);
    if (weightDecay != 0 && decayedColumns > 0) {
      INDArray decayedWeights = Matrices.flatLeadingColumns(weights, decayedColumns);
      INDArray decayedStep = Matrices.flatLeadingColumns(step, decayedColumns);
      Nd4j.getBlasWrapper().level1()
          .axpy(decayedStep.length(), -learningRate * weightDecay, decayedWeights, decayedStep);
    }
  }
}
