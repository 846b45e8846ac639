package io.streambind.core.math;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Finite-difference check, in double, of the hand-written InfoNCE gradients (both directions, bias column). */
class PairGradientTest {
    private static final int N = 6;
    private static final int DA = 5;
    private static final int DB = 4;
    private static final int DOUT = 3;
    private static final double TAU = 0.7;

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void headGradientsMatchFiniteDifferences(boolean symmetric) {
        Random random = new Random(symmetric ? 1 : 2);
        double[][] xa = augmented(random, N, DA);
        double[][] xb = augmented(random, N, DB);
        double[][] wa = randomMatrix(random, DOUT, DA + 1);
        double[][] wb = randomMatrix(random, DOUT, DB + 1);
        INDArray ga = Nd4j.create(DataType.DOUBLE, new long[] {DOUT, DA + 1}, 'f');
        INDArray gb = Nd4j.create(DataType.DOUBLE, new long[] {DOUT, DB + 1}, 'f');
        double loss = new PairGradient(new Workspace())
                .compute(fOrder(xa), fOrder(wa), fOrder(xb), fOrder(wb), TAU, symmetric, ga, gb);

        assertThat(loss)
                .isCloseTo(referenceLoss(xa, wa, xb, wb, symmetric), org.assertj.core.data.Offset.offset(1e-12));
        double h = 1e-6;
        for (double[][] w : new double[][][] {wa, wb}) {
            INDArray g = w == wa ? ga : gb;
            for (int r = 0; r < DOUT; r++) {
                for (int c = 0; c < w[0].length; c++) { // includes the bias column c = d
                    double saved = w[r][c];
                    w[r][c] = saved + h;
                    double up = referenceLoss(xa, wa, xb, wb, symmetric);
                    w[r][c] = saved - h;
                    double down = referenceLoss(xa, wa, xb, wb, symmetric);
                    w[r][c] = saved;
                    assertThat(g.getDouble(r, c))
                            .as("dL/dW[%d][%d]", r, c)
                            .isCloseTo((up - down) / (2 * h), org.assertj.core.data.Offset.offset(1e-8));
                }
            }
        }
    }

    @Test
    void symmetricLossAveragesBothDirections() {
        double[] s = {2, 0.5, -1, 0.3, 1, 0.2, 0.1, -0.4, 1.5};
        double[] ignored = new double[9];
        double ab = InfoNce.lossAndGradient(s, 3, false, ignored);
        double[] transposed = {2, 0.3, 0.1, 0.5, 1, -0.4, -1, 0.2, 1.5};
        double ba = InfoNce.lossAndGradient(transposed, 3, false, ignored);
        assertThat(InfoNce.lossAndGradient(s, 3, true, ignored))
                .isCloseTo((ab + ba) / 2, org.assertj.core.data.Offset.offset(1e-15));
    }

    /** Independent loss: plain double loops, mean_i(logsumexp_j S_ij - S_ii) per direction. */
    private static double referenceLoss(double[][] xa, double[][] wa, double[][] xb, double[][] wb, boolean symmetric) {
        double[][] ya = times(xa, wa);
        double[][] yb = times(xb, wb);
        double[][] s = new double[N][N];
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) {
                for (int k = 0; k < DOUT; k++) {
                    s[i][j] += ya[i][k] * yb[j][k] / TAU;
                }
            }
        }
        double ab = 0;
        double ba = 0;
        for (int i = 0; i < N; i++) {
            double rowSum = 0;
            double colSum = 0;
            for (int j = 0; j < N; j++) {
                rowSum += Math.exp(s[i][j]);
                colSum += Math.exp(s[j][i]);
            }
            ab += Math.log(rowSum) - s[i][i];
            ba += Math.log(colSum) - s[i][i];
        }
        return symmetric ? (ab + ba) / (2 * N) : ab / N;
    }

    private static double[][] times(double[][] x, double[][] w) {
        double[][] y = new double[x.length][w.length];
        for (int i = 0; i < x.length; i++) {
            for (int r = 0; r < w.length; r++) {
                for (int c = 0; c < x[0].length; c++) {
                    y[i][r] += x[i][c] * w[r][c];
                }
            }
        }
        return y;
    }

    @Test
    void gradientNormFromGramsEqualsTheNormOfTheFormedGradient() {
        Random random = new Random(5);
        double[][] dY = randomMatrix(random, N, DOUT);
        double[][] x = augmented(random, N, DA);
        double expected = 0;
        for (int r = 0; r < DOUT; r++) {
            for (int c = 0; c <= DA; c++) {
                double g = 0;
                for (int i = 0; i < N; i++) {
                    g += dY[i][r] * x[i][c];
                }
                expected += g * g;
            }
        }
        double fromGrams = new PairGradient(new Workspace()).squaredHeadGradientNorm(fOrder(dY), fOrder(x));
        assertThat(fromGrams).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-10 * expected));
    }

    private static double[][] augmented(Random random, int n, int d) {
        double[][] x = randomMatrix(random, n, d + 1);
        for (double[] row : x) {
            row[d] = 1;
        }
        return x;
    }

    static double[][] randomMatrix(Random random, int rows, int cols) {
        double[][] m = new double[rows][cols];
        for (double[] row : m) {
            for (int j = 0; j < cols; j++) {
                row[j] = random.nextGaussian();
            }
        }
        return m;
    }

    static INDArray fOrder(double[][] m) {
        return Nd4j.create(m).dup('f');
    }
}
