package io.streambind.core.eval;

/**
 * Recall@K for K = {@link Recall#KS} as shares in [0, 1]: a→b (rows of the score matrix), b→a
 * (columns), and their mean.
 */
public record RecallFigures(double[] ab, double[] ba, double[] mean) {
    /** Mean of both directions at K = 1. */
    public double recall1() {
        return mean[0];
    }

    /** The headline figure: mean of both directions at K = 10. */
    public double recall10() {
        return mean[Recall.KS.length - 1];
    }
}
