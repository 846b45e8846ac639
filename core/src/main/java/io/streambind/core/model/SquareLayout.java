package io.streambind.core.model;

/**
 * How the state codec (format 3) stores a square double matrix, the most compact layout that
 * restores it bit for bit: Z is exactly symmetric (its step sums are mirrored), a step sum S keeps
 * only its upper triangle, and a matrix right after a step end may be all zero. Z' = W S W^T comes
 * from two GEMMs and is usually not exactly symmetric, so it falls back to {@link #FULL}.
 */
enum SquareLayout {
  /** Every entry +0.0: nothing stored. */
  ZERO,
  /** Every entry stored, column-major. */
  FULL,
  /** Upper triangle stored; the lower one mirrors it bit for bit. */
  SYMMETRIC,
  /** Upper triangle stored; the lower one is +0.0. */
  UPPER;

  static SquareLayout of(double[] values, int dim) {
    boolean zero = true;
    boolean symmetric = true;
    boolean lowerZero = true;
    for (int c = 0; c < dim; c++) {
      for (int r = 0; r < dim; r++) {
        long bits = Double.doubleToRawLongBits(values[c * dim + r]);
        zero &= bits == 0;
        if (r > c) {
          symmetric &= bits == Double.doubleToRawLongBits(values[r * dim + c]);
          lowerZero &= bits == 0;
        }
      }
    }
    return zero ? ZERO : symmetric ? SYMMETRIC : lowerZero ? UPPER : FULL;
  }

  /** Number of values stored for a dim x dim matrix. */
  long storedValues(int dim) {
    return switch (this) {
      case ZERO -> 0;
      case FULL -> (long) dim * dim;
      case SYMMETRIC, UPPER -> (long) dim * (dim + 1) / 2;
    };
  }
}
