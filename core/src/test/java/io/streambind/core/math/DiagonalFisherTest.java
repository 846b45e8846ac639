package io.streambind.core.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** EWC's penalty gradient and online Fisher against a hand computation on a 2 x 2 head. */
class DiagonalFisherTest {
    private static final double LAMBDA = 3;

    @Test
    void penaltyGradientAndFisherFollowTheFormulas() {
        double[][] w = {{1, 2}, {3, 4}};
        double[][] anchor = {{0.5, 2}, {1, -1}};
        double[][] fisher = {{0.1, 0.2}, {0, 1}};
        double[][] g1 = {{1, -2}, {0.5, 0}};
        double[][] g2 = {{3, 1}, {-1, 2}};
        INDArray weights = f(w);
        INDArray anchors = f(anchor);
        INDArray f = f(fisher);
        INDArray squares = Nd4j.create(DataType.FLOAT, new long[] {2, 2}, 'f');

        INDArray grad1 = f(g1);
        DiagonalFisher.recordAndPenalize(grad1, squares, f, anchors, weights, LAMBDA, true);
        INDArray grad2 = f(g2);
        DiagonalFisher.recordAndPenalize(grad2, squares, f, anchors, weights, LAMBDA, false);
        for (int r = 0; r < 2; r++) {
            for (int c = 0; c < 2; c++) {
                // d/dθ (λ/2) F (θ - θ*)^2 = λ F (θ - θ*)
                assertThat(grad1.getDouble(r, c))
                        .isCloseTo(g1[r][c] + LAMBDA * fisher[r][c] * (w[r][c] - anchor[r][c]), offset(1e-6));
                assertThat(grad2.getDouble(r, c))
                        .as("no penalty before any history")
                        .isCloseTo(g2[r][c], offset(0.0));
                // the recorded squares are those of the loss gradient, before the penalty
                assertThat(squares.getDouble(r, c)).isCloseTo(g1[r][c] * g1[r][c] + g2[r][c] * g2[r][c], offset(1e-6));
            }
        }

        DiagonalFisher.fold(f, squares, 2, anchors, weights);
        for (int r = 0; r < 2; r++) {
            for (int c = 0; c < 2; c++) {
                double meanSquare = (g1[r][c] * g1[r][c] + g2[r][c] * g2[r][c]) / 2;
                assertThat(f.getDouble(r, c)).as("online Fisher").isCloseTo(fisher[r][c] + meanSquare, offset(1e-6));
                assertThat(squares.getDouble(r, c)).isZero();
                assertThat(anchors.getDouble(r, c))
                        .as("anchor moves to the weights")
                        .isEqualTo(w[r][c]);
            }
        }
    }

    private static INDArray f(double[][] m) {
        return Nd4j.create(m).castTo(DataType.FLOAT).dup('f');
    }
}
