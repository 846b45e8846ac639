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

    private static final int TILE = 64;

    static SquareLayout of(double[] values, int dim) {
        boolean zero = true;
        boolean symmetric = true;
        boolean lowerZero = true;
        // Tiles of the lower triangle against their mirror tiles: reading (c, r) down a column of the mirror
        // walks a row of a column-major matrix, so whole-matrix loops would miss the cache on every read.
        for (int c0 = 0; c0 < dim; c0 += TILE) {
            for (int r0 = c0; r0 < dim; r0 += TILE) {
                for (int c = c0; c < Math.min(c0 + TILE, dim); c++) {
                    for (int r = Math.max(r0, c); r < Math.min(r0 + TILE, dim); r++) {
                        long lower = Double.doubleToRawLongBits(values[c * dim + r]);
                        long upper = Double.doubleToRawLongBits(values[r * dim + c]);
                        zero &= (lower | upper) == 0;
                        if (r > c) {
                            symmetric &= lower == upper;
                            lowerZero &= lower == 0;
                        }
                    }
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
