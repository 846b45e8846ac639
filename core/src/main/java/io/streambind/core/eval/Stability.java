package io.streambind.core.eval;

/** The paper's stability measure: how much a later step moved the alignment scores of old pairs. */
public final class Stability {
    private Stability() {}

    /** {@code ||after - before||_F / ||before||_F} of two score matrices of the same pairs. */
    public static double deviation(float[] before, float[] after) {
        if (before.length != after.length) {
            throw new IllegalArgumentException(
                    "score matrices differ in size: " + before.length + " vs " + after.length);
        }
        double change = 0;
        double reference = 0;
        for (int i = 0; i < before.length; i++) {
            double delta = (double) after[i] - before[i];
            change += delta * delta;
            reference += (double) before[i] * before[i];
        }
        if (reference == 0) {
            throw new IllegalArgumentException("reference score matrix is zero");
        }
        return Math.sqrt(change / reference);
    }
}
