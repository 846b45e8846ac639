package io.streambind.core.math;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * EWC's diagonal Fisher penalty (dns-spec.md section 5) in single passes over native memory:
 * the gradient of (lambda/2) sum F (theta - theta*)^2 is lambda F (theta - theta*), and F is the
 * mean squared loss gradient of a step. All arrays are heads of one shape and type (float32 or float64)
 * that own their storage; the arithmetic is done in that type.
 */
public final class DiagonalFisher {
    private DiagonalFisher() {}

    /**
     * Adds g^2 (the loss gradient, before the penalty) to {@code squaredSum}; then, when
     * {@code penalize}, adds lambda F (weights - anchor) to g.
     */
    public static void recordAndPenalize(
            INDArray gradient,
            INDArray squaredSum,
            INDArray fisher,
            INDArray anchor,
            INDArray weights,
            double lambda,
            boolean penalize) {
        if (gradient.dataType() == DataType.DOUBLE) {
            recordAndPenalizeDouble(gradient, squaredSum, fisher, anchor, weights, lambda, penalize);
            return;
        }
        FloatBuffer g = Matrices.storage(gradient);
        FloatBuffer sq = Matrices.storage(squaredSum);
        FloatBuffer f = Matrices.storage(fisher);
        FloatBuffer a = Matrices.storage(anchor);
        FloatBuffer w = Matrices.storage(weights);
        float l = (float) lambda;
        for (int i = 0, n = (int) gradient.length(); i < n; i++) {
            float gi = g.get(i);
            sq.put(i, sq.get(i) + gi * gi);
            if (penalize) {
                g.put(i, gi + l * (f.get(i) * (w.get(i) - a.get(i))));
            }
        }
    }

    /**
     * Online EWC at a step end: F += squaredSum / batches, squaredSum <- 0, anchor <- weights
     * (importance accumulates over steps, the anchor moves to the newest weights).
     */
    public static void fold(INDArray fisher, INDArray squaredSum, long batches, INDArray anchor, INDArray weights) {
        if (fisher.dataType() == DataType.DOUBLE) {
            foldDouble(fisher, squaredSum, batches, anchor, weights);
            return;
        }
        FloatBuffer f = Matrices.storage(fisher);
        FloatBuffer sq = Matrices.storage(squaredSum);
        FloatBuffer a = Matrices.storage(anchor);
        FloatBuffer w = Matrices.storage(weights);
        float count = batches;
        for (int i = 0, n = (int) fisher.length(); i < n; i++) {
            f.put(i, f.get(i) + sq.get(i) / count);
            sq.put(i, 0f);
            a.put(i, w.get(i));
        }
    }

    private static void recordAndPenalizeDouble(
            INDArray gradient,
            INDArray squaredSum,
            INDArray fisher,
            INDArray anchor,
            INDArray weights,
            double lambda,
            boolean penalize) {
        DoubleBuffer g = Matrices.doubleStorage(gradient);
        DoubleBuffer sq = Matrices.doubleStorage(squaredSum);
        DoubleBuffer f = Matrices.doubleStorage(fisher);
        DoubleBuffer a = Matrices.doubleStorage(anchor);
        DoubleBuffer w = Matrices.doubleStorage(weights);
        for (int i = 0, n = (int) gradient.length(); i < n; i++) {
            double gi = g.get(i);
            sq.put(i, sq.get(i) + gi * gi);
            if (penalize) {
                g.put(i, gi + lambda * (f.get(i) * (w.get(i) - a.get(i))));
            }
        }
    }

    private static void foldDouble(
            INDArray fisher, INDArray squaredSum, long batches, INDArray anchor, INDArray weights) {
        DoubleBuffer f = Matrices.doubleStorage(fisher);
        DoubleBuffer sq = Matrices.doubleStorage(squaredSum);
        DoubleBuffer a = Matrices.doubleStorage(anchor);
        DoubleBuffer w = Matrices.doubleStorage(weights);
        double count = batches;
        for (int i = 0, n = (int) fisher.length(); i < n; i++) {
            f.put(i, f.get(i) + sq.get(i) / count);
            sq.put(i, 0);
            a.put(i, w.get(i));
        }
    }
}
