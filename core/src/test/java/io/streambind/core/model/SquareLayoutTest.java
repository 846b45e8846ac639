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

  @Test
  void zeroFloatsAreAMarkerAndAnUnknownLayoutIsAClearError() {
    byte[] zeros = new StateWriter().floatsOrZero(new float[1000]).toBytes();
    assertThat(zeros).hasSize(5);
    assertThat(new StateReader(zeros, "test").floatsOrZero(1000)).containsOnly(0f).hasSize(1000);
    float[] values = {0f, -0f, 3f};
    byte[] dense = new StateWriter().floatsOrZero(values).toBytes();
    assertThat(new StateReader(dense, "test").floatsOrZero(3)).containsExactly(values);

    assertThatThrownBy(() -> new StateReader(new byte[] {9}, "test").square(DIM))
        .isInstanceOf(StateFormatException.class).hasMessageContaining("layout 9");
  }

  private static void assertRoundTrip(double[] matrix, SquareLayout expected, int storedValues) {
    byte[] bytes = new StateWriter().square(matrix, DIM).toBytes();
    assertThat(SquareLayout.of(matrix, DIM)).isEqualTo(expected);
    assertThat(bytes).hasSize(1 + (storedValues == 0 ? 0 : 4 + 8 * storedValues));
    StateReader in = new StateReader(bytes, "test");
    double[] restored = in.square(DIM);
    in.expectEnd();
    for (int i = 0; i < matrix.length; i++) {
      assertThat(Double.doubleToRawLongBits(restored[i])).as("entry %d", i)
          .isEqualTo(Double.doubleToRawLongBits(matrix[i]));
    }
  }
}
