package io.streambind.core.math;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambind.core.eval.Scores;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The bulk-copy paths out of and into native memory against element-by-element reads. */
class MatricesTest {
    @Test
    void rowMajorReadsAColumnMajorMatrixRowByRow() {
        INDArray m = Nd4j.create(DataType.FLOAT, new long[] {3, 5}, 'f');
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 5; c++) {
                m.putScalar(r, c, 10 * r + c);
            }
        }
        assertThat(Matrices.rowMajor(m)).containsExactly(0, 1, 2, 3, 4, 10, 11, 12, 13, 14, 20, 21, 22, 23, 24);
    }

    @Test
    void innerProductsAreEveryPairsDotProduct() {
        Random random = new Random(4);
        int na = 7;
        int nb = 5;
        int d = 33;
        float[] a = new float[na * d];
        float[] b = new float[nb * d];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) random.nextGaussian();
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) random.nextGaussian();
        }
        float[] scores = Scores.innerProducts(a, na, b, nb, d);
        assertThat(scores).hasSize(na * nb);
        for (int i = 0; i < na; i++) {
            for (int j = 0; j < nb; j++) {
                double dot = 0;
                for (int k = 0; k < d; k++) {
                    dot += (double) a[i * d + k] * b[j * d + k];
                }
                assertThat((double) scores[i * nb + j])
                        .as("S[%d][%d]", i, j)
                        .isCloseTo(dot, org.assertj.core.data.Offset.offset(1e-4));
            }
        }
    }
}
