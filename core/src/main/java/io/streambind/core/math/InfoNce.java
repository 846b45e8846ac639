package io.streambind.core.math;

/**
 * InfoNCE on an n x n score matrix S (row i of side a pairs with row i of side b), with the
 * gradient with respect to S written by hand (dns-spec.md section 2). Works in double on small
 * n x n arrays; the large products around it are the caller's.
 */
public final class InfoNce {
    private InfoNce() {}

    /**
     * Loss of the scores {@code s} (row-major n x n) and its gradient {@code dS} (row-major n x n).
     * One direction (a to b): loss_ab and E_ab. Symmetric: their mean with the b to a direction,
     * dS = (E_ab + E_ba^T) / 2.
     */
    public static double lossAndGradient(double[] s, int n, boolean symmetric, double[] dS) {
        double lossAb = 0;
        for (int i = 0; i < n; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                max = Math.max(max, s[i * n + j]);
            }
            double sum = 0;
            for (int j = 0; j < n; j++) {
                sum += Math.exp(s[i * n + j] - max);
            }
            lossAb += max + Math.log(sum) - s[i * n + i];
            double weight = symmetric ? 0.5 / n : 1.0 / n;
            for (int j = 0; j < n; j++) {
                dS[i * n + j] = weight * (Math.exp(s[i * n + j] - max) / sum - (i == j ? 1 : 0));
            }
        }
        lossAb /= n;
        if (!symmetric) {
            return lossAb;
        }
        double lossBa = 0;
        for (int j = 0; j < n; j++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                max = Math.max(max, s[i * n + j]);
            }
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += Math.exp(s[i * n + j] - max);
            }
            lossBa += max + Math.log(sum) - s[j * n + j];
            for (int i = 0; i < n; i++) {
                dS[i * n + j] += 0.5 / n * (Math.exp(s[i * n + j] - max) / sum - (i == j ? 1 : 0));
            }
        }
        return (lossAb + lossBa / n) / 2;
    }
}
