package io.streambind.core.eval;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ZeroShotTest {
    @Test
    void argmaxOfInnerProductWithTiesToLowerClass() {
        float[] prototypes = {
            1, 0, // class 0
            1, 0, // class 1: identical to class 0, so class 0 wins every tie
            0, 2
        }; // class 2
        float[] embeddings = {
            3, 1, // scores 3, 3, 2 -> class 0 (tie with 1)
            1, 4, // scores 1, 1, 8 -> class 2
            -1, -1
        }; // scores -1, -1, -2 -> class 0
        assertThat(ZeroShot.accuracy(embeddings, 3, prototypes, 3, 2, new int[] {0, 2, 0}))
                .isEqualTo(1.0);
        assertThat(ZeroShot.accuracy(embeddings, 3, prototypes, 3, 2, new int[] {1, 2, 1}))
                .isEqualTo(1.0 / 3);
    }

    @Test
    void agreesWithADoublePrecisionArgmaxWhereTheMarginIsClear() {
        int n = 200;
        int classes = 37;
        int d = 64;
        java.util.Random random = new java.util.Random(7);
        float[] prototypes = gaussian(random, classes * d);
        float[] embeddings = gaussian(random, n * d);
        int[] labels = new int[n];
        int clear = 0;
        for (int i = 0; i < n; i++) {
            double best = Double.NEGATIVE_INFINITY;
            double second = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                double score = 0;
                for (int k = 0; k < d; k++) {
                    score += (double) embeddings[i * d + k] * prototypes[c * d + k];
                }
                if (score > best) {
                    second = best;
                    best = score;
                    labels[i] = c;
                } else if (score > second) {
                    second = score;
                }
            }
            // labels[i] is the double-precision argmax; rows whose top two are within float round-off
            // may legitimately go either way, so they get a label no class can match.
            if (best - second < 1e-3) {
                labels[i] = -1;
            } else {
                clear++;
            }
        }
        int agreeing = (int) Math.round(ZeroShot.accuracy(embeddings, n, prototypes, classes, d, labels) * n);
        assertThat(clear).isGreaterThan(190);
        assertThat(agreeing).isEqualTo(clear);
    }

    private static float[] gaussian(java.util.Random random, int size) {
        float[] values = new float[size];
        for (int i = 0; i < size; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }
}
