package io.streambind.core.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.nio.FloatBuffer;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** W S W^T against the plain triple product, for a full-rank and a rank-deficient S. */
class SecondMomentsTest {
    private static final int ROWS = 9;
    private static final int COLS = 12;

    @ParameterizedTest(name = "{0} input rows")
    @ValueSource(ints = {4, 40})
    void projectedSecondMomentEqualsTheTripleProduct(int inputRows) {
        Random random = new Random(inputRows);
        float[] w = new float[ROWS * (COLS + 1)]; // one extra column (the bias) that must be ignored
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) random.nextGaussian();
        }
        double[][] x = PairGradientTest.randomMatrix(random, inputRows, COLS);
        double[] s = new double[COLS * COLS];
        for (double[] row : x) {
            for (int r = 0; r < COLS; r++) {
                for (int c = 0; c < COLS; c++) {
                    s[c * COLS + r] += row[r] * row[c];
                }
            }
        }
        double[] result = SecondMoments.projected(FloatBuffer.wrap(w), ROWS, COLS, s);
        double scale = 0;
        for (int i = 0; i < ROWS; i++) {
            for (int j = 0; j < ROWS; j++) {
                double expected = 0;
                for (int a = 0; a < COLS; a++) {
                    for (int b = 0; b < COLS; b++) {
                        expected += w[a * ROWS + i] * s[b * COLS + a] * w[b * ROWS + j];
                    }
                }
                scale = Math.max(scale, Math.abs(expected));
                assertThat(result[j * ROWS + i]).as("[%d][%d]", i, j).isCloseTo(expected, offset(1e-9 * (1 + scale)));
            }
        }
    }
}
