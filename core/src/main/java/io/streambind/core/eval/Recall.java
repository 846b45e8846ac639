package io.streambind.core.eval;

/** Cross-modal retrieval recall on a square score matrix whose diagonal holds the true pairs. */
public final class Recall {
    /** The cut-offs reported, in this order. */
    public static final int[] KS = {1, 5, 10};

    private Recall() {}

    /**
     * Recall@K in both directions of the row-major n x n matrix {@code scores}. A competitor j ranks
     * above the true partner i when its score is higher, or equal with {@code j < i} (ties go to the
     * lower index, so a constant score matrix is not a perfect retrieval).
     */
    public static RecallFigures of(float[] scores, int n) {
        if (n <= 0 || scores.length != (long) n * n) {
            throw new IllegalArgumentException("need a non-empty " + n + " x " + n + " score matrix");
        }
        int[] hitsAb = new int[KS.length];
        int[] hitsBa = new int[KS.length];
        for (int i = 0; i < n; i++) {
            float truth = scores[i * n + i];
            int aboveInRow = 0;
            int aboveInColumn = 0;
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    aboveInRow += ranksAbove(scores[i * n + j], truth, j, i);
                    aboveInColumn += ranksAbove(scores[j * n + i], truth, j, i);
                }
            }
            count(hitsAb, aboveInRow);
            count(hitsBa, aboveInColumn);
        }
        double[] ab = new double[KS.length];
        double[] ba = new double[KS.length];
        double[] mean = new double[KS.length];
        for (int k = 0; k < KS.length; k++) {
            ab[k] = (double) hitsAb[k] / n;
            ba[k] = (double) hitsBa[k] / n;
            mean[k] = (ab[k] + ba[k]) / 2;
        }
        return new RecallFigures(ab, ba, mean);
    }

    private static int ranksAbove(float competitor, float truth, int competitorIndex, int truthIndex) {
        return competitor > truth || (competitor == truth && competitorIndex < truthIndex) ? 1 : 0;
    }

    private static void count(int[] hits, int above) {
        for (int k = 0; k < KS.length; k++) {
            if (above < KS[k]) {
                hits[k]++;
            }
        }
    }
}
