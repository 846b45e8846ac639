package io.streambind.core.math;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Global gradient-norm clipping over several tensors at once (all heads of a pair, bias included). */
public final class GradientClipping {
    private GradientClipping() {}

    /** Euclidean norm of all the tensors together, accumulated in double. */
    public static double globalNorm(INDArray... tensors) {
        double sumOfSquares = 0;
        for (INDArray t : tensors) {
            double norm = Matrices.norm(t);
            sumOfSquares += norm * norm;
        }
        return Math.sqrt(sumOfSquares);
    }

    /**
     * The factor that brings a global norm down to {@code maxNorm}: 1 when it is already within it
     * or when clipping is off ({@code maxNorm == 0}).
     */
    public static double scale(double norm, double maxNorm) {
        return maxNorm > 0 && norm > maxNorm ? maxNorm / norm : 1.0;
    }
}
