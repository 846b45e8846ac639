package io.streambind.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SquareLayoutTest {
    private static final int DIM = 5;

    @Test
    void eachMatrixTakesTheSmallestLayoutThatRestoresItBitForBit() {
        Random random = new Random(11);
        double[] full = new double[DIM * DIM];
        double[] symmetric = new double[DIM * DIM];
        double[] upper = new double[DIM * DIM];
        for (int c = 0; c < DIM; c++) {
            for (int r = 0; r < DIM; r++) {
                full[c * DIM + r] = random.nextGaussian();
                if (r <= c) {
                    upper[c * DIM + r] = symmetric[c * DIM + r] = symmetric[r * DIM + c] = random.nextGaussian();
                }
            }
        }
        double[] negativeZero = new double[DIM * DIM];
        negativeZero[7] = -0.0; // not +0.0 bit for bit: must not be stored as ZERO

        assertRoundTrip(new double[DIM * DIM], SquareLayout.ZERO, 0);
        assertRoundTrip(full, SquareLayout.FULL, DIM * DIM);
        assertRoundTrip(symmetric, SquareLayout.SYMMETRIC, DIM * (DIM + 1) / 2);
        assertRoundTrip(upper, SquareLayout.UPPER, DIM * (DIM + 1) / 2);
        assertRoundTrip(negativeZero, SquareLayout.FULL, DIM * DIM);
    }

    /** At a size that spans several tiles of the check, one entry anywhere changes the layout. */
    @Test
    void oneEntryAcrossTileBoundariesDecidesTheLayout() {
        int dim = 150;
        Random random = new Random(5);
        double[] symmetric = new double[dim * dim];
        double[] upper = new double[dim * dim];
        for (int c = 0; c < dim; c++) {
            for (int r = 0; r <= c; r++) {
                upper[c * dim + r] = symmetric[c * dim + r] = symmetric[r * dim + c] = random.nextGaussian();
            }
        }
        assertThat(SquareLayout.of(symmetric, dim)).isEqualTo(SquareLayout.SYMMETRIC);
        assertThat(SquareLayout.of(upper, dim)).isEqualTo(SquareLayout.UPPER);
        for (int[] at : new int[][] {{149, 0}, {70, 3}, {128, 127}, {64, 63}, {140, 100}}) {
            int row = at[0];
            int col = at[1];
            double[] asymmetric = symmetric.clone();
            asymmetric[col * dim + row] = Math.nextUp(asymmetric[col * dim + row]);
            assertThat(SquareLayout.of(asymmetric, dim))
                    .as("(%d, %d) changed", row, col)
                    .isEqualTo(SquareLayout.FULL);
            double[] lowerEntry = upper.clone();
            lowerEntry[col * dim + row] = 1;
            assertThat(SquareLayout.of(lowerEntry, dim))
                    .as("(%d, %d) set", row, col)
                    .isEqualTo(SquareLayout.FULL);
            double[] single = new double[dim * dim];
            single[col * dim + row] = -0.0;
            assertThat(SquareLayout.of(single, dim))
                    .as("-0 at (%d, %d)", row, col)
                    .isNotEqualTo(SquareLayout.ZERO);
            single = new double[dim * dim];
            single[row * dim + col] = 2;
            assertThat(SquareLayout.of(single, dim))
                    .as("upper (%d, %d)", col, row)
                    .isEqualTo(SquareLayout.UPPER);
        }
    }

    @Test
    void zeroFloatsAreAMarkerAndAnUnknownLayoutIsAClearError() {
        byte[] zeros = new StateWriter().floatsOrZero(new float[1000]).toBytes();
        assertThat(zeros).hasSize(5);
        assertThat(new StateReader(zeros, "test").floatsOrZero(1000))
                .containsOnly(0f)
                .hasSize(1000);
        float[] values = {0f, -0f, 3f};
        byte[] dense = new StateWriter().floatsOrZero(values).toBytes();
        assertThat(new StateReader(dense, "test").floatsOrZero(3)).containsExactly(values);

        assertThatThrownBy(() -> new StateReader(new byte[] {9}, "test").square(DIM))
                .isInstanceOf(StateFormatException.class)
                .hasMessageContaining("layout 9");
    }

    private static void assertRoundTrip(double[] matrix, SquareLayout expected, int storedValues) {
        byte[] bytes = new StateWriter().square(matrix, DIM).toBytes();
        assertThat(SquareLayout.of(matrix, DIM)).isEqualTo(expected);
        assertThat(bytes).hasSize(1 + (storedValues == 0 ? 0 : 4 + 8 * storedValues));
        StateReader in = new StateReader(bytes, "test");
        double[] restored = in.square(DIM);
        in.expectEnd();
        for (int i = 0; i < matrix.length; i++) {
            assertThat(Double.doubleToRawLongBits(restored[i]))
                    .as("entry %d", i)
                    .isEqualTo(Double.doubleToRawLongBits(matrix[i]));
        }
    }
}
