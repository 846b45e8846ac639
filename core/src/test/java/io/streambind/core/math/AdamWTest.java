package io.streambind.core.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** AdamW against a hand computation, weight decay on W only. */
class AdamWTest {
    private static final double LR = 0.1;
    private static final double B1 = 0.9;
    private static final double B2 = 0.999;
    private static final double EPS = 1e-8;
    private static final double WD = 0.01;

    @Test
    void twoStepsMatchTheHandComputationAndSpareTheBiasColumn() {
        // 2 x (2 + 1): columns 0 and 1 are W, column 2 is the bias
        double[][] w = {{1, 2, 3}, {-1, 0.5, -2}};
        double[][] g1 = {{0.1, -0.2, 0.3}, {0.4, 0, -0.5}};
        double[][] g2 = {{-0.3, 0.1, 0.2}, {0.2, 0.6, 0.1}};
        INDArray weights = f(w);
        INDArray m = Nd4j.create(DataType.FLOAT, new long[] {2, 3}, 'f');
        INDArray v = Nd4j.create(DataType.FLOAT, new long[] {2, 3}, 'f');
        INDArray step = Nd4j.create(DataType.FLOAT, new long[] {2, 3}, 'f');
        AdamW adam = new AdamW(LR, B1, B2, EPS, WD);

        double squares = adam.applyStep(weights, f(g1), m, v, 1, 2, step);
        double expectedSquares = 0;
        for (int r = 0; r < 2; r++) {
            for (int c = 0; c < 3; c++) {
                // t = 1: m_hat = g, v_hat = g^2
                double g = g1[r][c];
                double expected = -LR * (g / (Math.abs(g) + EPS) + (c < 2 ? WD * w[r][c] : 0));
                assertThat(step.getDouble(r, c)).as("step 1 [%d][%d]", r, c).isCloseTo(expected, offset(1e-6));
                assertThat(weights.getDouble(r, c)).as("updated weight").isCloseTo(w[r][c] + expected, offset(1e-6));
                expectedSquares += expected * expected;
            }
        }
        assertThat(squares).isCloseTo(expectedSquares, offset(1e-4 * expectedSquares)); // float32 steps
        INDArray before = weights.dup('f');
        adam.applyStep(weights, f(g2), m, v, 2, 2, step);
        for (int r = 0; r < 2; r++) {
            for (int c = 0; c < 3; c++) {
                double mm = (1 - B1) * (B1 * g1[r][c] + g2[r][c]);
                double vv = (1 - B2) * (B2 * g1[r][c] * g1[r][c] + g2[r][c] * g2[r][c]);
                double mHat = mm / (1 - B1 * B1);
                double vHat = vv / (1 - B2 * B2);
                double expected = -LR * (mHat / (Math.sqrt(vHat) + EPS) + (c < 2 ? WD * before.getDouble(r, c) : 0));
                assertThat(step.getDouble(r, c)).as("step 2 [%d][%d]", r, c).isCloseTo(expected, offset(1e-6));
                assertThat(weights.getDouble(r, c)).isCloseTo(before.getDouble(r, c) + expected, offset(1e-6));
            }
        }
    }

    private static INDArray f(double[][] m) {
        return Nd4j.create(m).castTo(DataType.FLOAT).dup('f');
    }
}
