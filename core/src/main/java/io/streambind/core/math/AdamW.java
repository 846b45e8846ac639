package io.streambind.core.math;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
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
     * (1-based), writes the step into {@code step}, adds it to {@code weights} and returns its
     * squared Frobenius norm (summed in double). Weight decay applies to the first
     * {@code decayedColumns} columns (W), not to the bias column, and uses the weights before the
     * update. All tensors are column-major with the same shape and type (float32 or float64) and own
     * their storage; the arithmetic is done in that type.
     */
    public double applyStep(
            INDArray weights, INDArray g, INDArray m, INDArray v, int t, long decayedColumns, INDArray step) {
        if (weights.dataType() == DataType.DOUBLE) {
            return applyDoubleStep(weights, g, m, v, t, decayedColumns, step);
        }
        // One fused pass over native memory (moments, step, weights update and its norm): ND4J's
        // element-wise ops cost a full pass each and stall badly when the cores are shared.
        FloatBuffer w = Matrices.storage(weights);
        FloatBuffer gb = Matrices.storage(g);
        FloatBuffer mb = Matrices.storage(m);
        FloatBuffer vb = Matrices.storage(v);
        FloatBuffer sb = Matrices.storage(step);
        int length = (int) g.length();
        int decayed = (int) (g.rows() * decayedColumns); // column-major: W's columns come first
        float firstScale = (float) (1 / (1 - Math.pow(beta1, t)));
        float secondScale = (float) (1 / (1 - Math.pow(beta2, t)));
        return pass(w, gb, mb, vb, sb, 0, decayed, (float) weightDecay, firstScale, secondScale)
                + pass(w, gb, mb, vb, sb, decayed, length, 0f, firstScale, secondScale);
    }

    private double pass(
            FloatBuffer w,
            FloatBuffer g,
            FloatBuffer m,
            FloatBuffer v,
            FloatBuffer step,
            int from,
            int to,
            float decay,
            float firstScale,
            float secondScale) {
        float b1 = (float) beta1;
        float b2 = (float) beta2;
        float lr = (float) learningRate;
        float eps = (float) epsilon;
        double squares = 0;
        for (int i = from; i < to; i++) {
            float gi = g.get(i);
            float mi = b1 * m.get(i) + (1 - b1) * gi;
            float vi = b2 * v.get(i) + (1 - b2) * gi * gi;
            m.put(i, mi);
            v.put(i, vi);
            float wi = w.get(i);
            float s = -lr * (mi * firstScale / ((float) Math.sqrt(vi * secondScale) + eps) + decay * wi);
            step.put(i, s);
            w.put(i, wi + s);
            squares += (double) s * s;
        }
        return squares;
    }

    private double applyDoubleStep(
            INDArray weights, INDArray g, INDArray m, INDArray v, int t, long decayedColumns, INDArray step) {
        DoubleBuffer w = Matrices.doubleStorage(weights);
        DoubleBuffer gb = Matrices.doubleStorage(g);
        DoubleBuffer mb = Matrices.doubleStorage(m);
        DoubleBuffer vb = Matrices.doubleStorage(v);
        DoubleBuffer sb = Matrices.doubleStorage(step);
        int length = (int) g.length();
        int decayed = (int) (g.rows() * decayedColumns);
        double firstScale = 1 / (1 - Math.pow(beta1, t));
        double secondScale = 1 / (1 - Math.pow(beta2, t));
        double squares = 0;
        for (int i = 0; i < length; i++) {
            double gi = gb.get(i);
            double mi = beta1 * mb.get(i) + (1 - beta1) * gi;
            double vi = beta2 * vb.get(i) + (1 - beta2) * gi * gi;
            mb.put(i, mi);
            vb.put(i, vi);
            double wi = w.get(i);
            double decay = i < decayed ? weightDecay : 0;
            double s = -learningRate * (mi * firstScale / (Math.sqrt(vi * secondScale) + epsilon) + decay * wi);
            sb.put(i, s);
            w.put(i, wi + s);
            squares += s * s;
        }
        return squares;
    }
}
