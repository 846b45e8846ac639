package io.streambind.core.math;

import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Forward pass, InfoNCE loss and head gradients of one batch of pairs (dns-spec.md section 2):
 * Y = X W~^T, S = Y_a Y_b^T / tau, dY_a = dS Y_b / tau, dY_b = dS^T Y_a / tau, G~ = dY^T X.
 * Works in the data type of its inputs (float32 in the learner, double in the gradient checks);
 * the intermediates live in the workspace and are reused from batch to batch.
 */
public final class PairGradient {
    /** Adjusts outputs Y (n x d_out) computed from inputs X with a head's stored matrix. */
    @FunctionalInterface
    public interface OutputCorrection {
        void apply(INDArray x, INDArray y);
    }

    private final Workspace workspace;
    private double[] scores = new double[0];
    private double[] scoreGradient = new double[0];
    private INDArray dYa;
    private INDArray dYb;

    public PairGradient(Workspace workspace) {
        this.workspace = workspace;
    }

    /**
     * Returns the loss and writes G~_a into {@code ga} and G~_b into {@code gb} (d_out x (d+1) each,
     * same layout as the heads). {@code symmetric} selects the CLIP-style two-direction loss.
     */
    public double compute(
            INDArray xa,
            INDArray wa,
            INDArray xb,
            INDArray wb,
            double temperature,
            boolean symmetric,
            INDArray ga,
            INDArray gb) {
        double loss = outputGradients(xa, wa, xb, wb, temperature, symmetric);
        headGradient(dYa, xa, ga, 1.0);
        headGradient(dYb, xb, gb, 1.0);
        return loss;
    }

    /**
     * Forward pass, loss and the output gradients dY_a, dY_b (n x d_out), kept for
     * {@link #outputGradientA()} / {@link #outputGradientB()}: the head gradients are their rank-n
     * products with the inputs and need not be formed to be clipped or projected.
     */
    public double outputGradients(
            INDArray xa, INDArray wa, INDArray xb, INDArray wb, double temperature, boolean symmetric) {
        return outputGradients(xa, wa, null, xb, wb, null, temperature, symmetric);
    }

    /**
     * As {@link #outputGradients(INDArray, INDArray, INDArray, INDArray, double, boolean)} for heads
     * stored with a correction of their outputs (null for none): Y = X W^T, then the correction.
     */
    public double outputGradients(
            INDArray xa,
            INDArray wa,
            OutputCorrection ca,
            INDArray xb,
            INDArray wb,
            OutputCorrection cb,
            double temperature,
            boolean symmetric) {
        int n = (int) xa.rows();
        DataType type = xa.dataType();
        long outputWidth = wa.rows();
        INDArray ya = workspace.matrix("pair.ya", type, n, outputWidth);
        INDArray yb = workspace.matrix("pair.yb", type, n, outputWidth);
        Nd4j.gemm(xa, wa, ya, false, true, 1.0, 0.0);
        Nd4j.gemm(xb, wb, yb, false, true, 1.0, 0.0);
        if (ca != null) {
            ca.apply(xa, ya);
        }
        if (cb != null) {
            cb.apply(xb, yb);
        }
        INDArray s = workspace.matrix("pair.s", type, n, n);
        Nd4j.gemm(ya, yb, s, false, true, 1.0 / temperature, 0.0);

        if (scores.length != n * n) {
            scores = new double[n * n];
            scoreGradient = new double[n * n];
        }
        DataBuffer sData = s.data();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                scores[i * n + j] = sData.getDouble((long) j * n + i); // column-major storage
            }
        }
        double loss = InfoNce.lossAndGradient(scores, n, symmetric, scoreGradient);
        INDArray dS = workspace.matrix("pair.ds", type, n, n);
        DataBuffer dSData = dS.data();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                dSData.put((long) j * n + i, scoreGradient[i * n + j]);
            }
        }
        dYa = workspace.matrix("pair.dya", type, n, outputWidth);
        dYb = workspace.matrix("pair.dyb", type, n, outputWidth);
        Nd4j.gemm(dS, yb, dYa, false, false, 1.0 / temperature, 0.0);
        Nd4j.gemm(dS, ya, dYb, true, false, 1.0 / temperature, 0.0);
        return loss;
    }

    /** G <- scale dY^T X (the one d_out x n x dim GEMM of a head gradient). */
    public static void headGradient(INDArray dY, INDArray x, INDArray g, double scale) {
        Nd4j.gemm(dY, x, g, true, false, scale, 0.0);
    }

    /**
     * ||dY^T X||_F^2 = <X X^T, dY dY^T>_F through two n x n Gram matrices, O(n^2 (d_out + dim))
     * instead of forming the d_out x dim product; summed in double.
     */
    public double squaredHeadGradientNorm(INDArray dY, INDArray x) {
        int n = (int) x.rows();
        INDArray inputGram = workspace.matrix("norm.xx", x.dataType(), n, n);
        INDArray outputGram = workspace.matrix("norm.yy", dY.dataType(), n, n);
        Nd4j.gemm(x, x, inputGram, false, true, 1.0, 0.0);
        Nd4j.gemm(dY, dY, outputGram, false, true, 1.0, 0.0);
        DataBuffer a = inputGram.data();
        DataBuffer b = outputGram.data();
        double sum = 0;
        for (long i = 0, size = (long) n * n; i < size; i++) {
            sum += a.getDouble(i) * b.getDouble(i);
        }
        return Math.max(0, sum);
    }

    /** dL/dY_a of the last {@link #compute} (n x d_out): G~_a = dY_a^T X_a, kept for low-rank products. */
    public INDArray outputGradientA() {
        return dYa;
    }

    /** dL/dY_b of the last {@link #compute}. */
    public INDArray outputGradientB() {
        return dYb;
    }
}
