package io.streambind.core.math;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;

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
   * column-major with the same shape and own their storage (no views).
   */
  public void computeStep(INDArray weights, INDArray g, INDArray m, INDArray v, int t, long decayedColumns,
      INDArray step) {
    // One fused pass over native memory: ND4J's element-wise ops cost a full pass each and stall
    // badly when the cores are shared, where this loop stays memory-bound.
    float b1 = (float) beta1;
    float b2 = (float) beta2;
    float firstScale = (float) (1 / (1 - Math.pow(beta1, t)));
    float secondScale = (float) (1 / (1 - Math.pow(beta2, t)));
    float lr = (float) learningRate;
    float eps = (float) epsilon;
    float decay = (float) weightDecay;
    FloatBuffer w = Matrices.storage(weights);
    FloatBuffer gb = Matrices.storage(g);
    FloatBuffer mb = Matrices.storage(m);
    FloatBuffer vb = Matrices.storage(v);
    FloatBuffer sb = Matrices.storage(step);
    int length = (int) g.length();
    int decayed = (int) (g.rows() * decayedColumns); // column-major: W's columns come first
    for (int i = 0; i < length; i++) {
      float gi = gb.get(i);
      float mi = b1 * mb.get(i) + (1 - b1) * gi;
      float vi = b2 * vb.get(i) + (1 - b2) * gi * gi;
      mb.put(i, mi);
      vb.put(i, vi);
      float update = mi * firstScale / ((float) Math.sqrt(vi * secondScale) + eps);
      if (i < decayed) {
        update += decay * w.get(i);
      }
      sb.put(i, -lr * update);
    }
  }
}
