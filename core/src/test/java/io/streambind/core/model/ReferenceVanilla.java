package io.streambind.core.model;

/**
 * Vanilla training of profile exact written from dns-spec.md sections 1-2 on plain double arrays,
 * independently of the model's code: heads W~ = [W | b] from [I | 0], Y = X~ W~^T, S = Y_a Y_b^T / tau,
 * the symmetric InfoNCE loss, global norm clipping over both heads and AdamW with decoupled weight decay
 * on W. Heads are column-major d x (d+1), as the model holds them.
 */
final class ReferenceVanilla {
    private final int d;
    private final double lr;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final double clipNorm;
    private final double[] headA;
    private final double[] headB;
    private final double[] mA;
    private final double[] vA;
    private final double[] mB;
    private final double[] vB;
    private int t;

    ReferenceVanilla(int d, double lr, double beta1, double beta2, double eps, double weightDecay, double clipNorm) {
        this.d = d;
        this.lr = lr;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.clipNorm = clipNorm;
        headA = identityHead(d);
        headB = identityHead(d);
        int size = d * (d + 1);
        mA = new double[size];
        vA = new double[size];
        mB = new double[size];
        vB = new double[size];
    }

    /** [I | 0], column-major d x (d+1). */
    static double[] identityHead(int d) {
        double[] w = new double[d * (d + 1)];
        for (int i = 0; i < d; i++) {
            w[i * d + i] = 1;
        }
        return w;
    }

    double[] headA() {
        return headA.clone();
    }

    double[] headB() {
        return headB.clone();
    }

    /** One batch of n pairs, row-major n x d inputs, temperature 1. */
    void train(float[] xa, float[] xb, int n) {
        double[][] ya = outputs(headA, xa, n);
        double[][] yb = outputs(headB, xb, n);
        double[][] s = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < d; k++) {
                    s[i][j] += ya[i][k] * yb[j][k];
                }
            }
        }
        // dL/dS of (L_ab + L_ba) / 2: softmax over rows for a->b, over columns for b->a, minus the targets
        double[][] ds = new double[n][n];
        for (int i = 0; i < n; i++) {
            double rowSum = 0;
            double colSum = 0;
            for (int j = 0; j < n; j++) {
                rowSum += Math.exp(s[i][j]);
                colSum += Math.exp(s[j][i]);
            }
            for (int j = 0; j < n; j++) {
                ds[i][j] += 0.5 / n * (Math.exp(s[i][j]) / rowSum - (i == j ? 1 : 0));
                ds[j][i] += 0.5 / n * (Math.exp(s[j][i]) / colSum - (i == j ? 1 : 0));
            }
        }
        double[] ga = new double[d * (d + 1)];
        double[] gb = new double[d * (d + 1)];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int r = 0; r < d; r++) {
                    double dyA = ds[i][j] * yb[j][r]; // dY_a = dS Y_b
                    double dyB = ds[j][i] * ya[j][r]; // dY_b = dS^T Y_a
                    for (int c = 0; c <= d; c++) {
                        ga[c * d + r] += dyA * (c == d ? 1 : xa[i * d + c]);
                        gb[c * d + r] += dyB * (c == d ? 1 : xb[i * d + c]);
                    }
                }
            }
        }
        double norm = Math.sqrt(squares(ga) + squares(gb));
        double clip = norm > clipNorm ? clipNorm / norm : 1;
        t++;
        adamW(headA, ga, mA, vA, clip);
        adamW(headB, gb, mB, vB, clip);
    }

    private double[][] outputs(double[] head, float[] x, int n) {
        double[][] y = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int r = 0; r < d; r++) {
                double v = head[d * d + r];
                for (int c = 0; c < d; c++) {
                    v += head[c * d + r] * x[i * d + c];
                }
                y[i][r] = v;
            }
        }
        return y;
    }

    private void adamW(double[] head, double[] g, double[] m, double[] v, double clip) {
        for (int i = 0; i < head.length; i++) {
            double gi = clip * g[i];
            m[i] = beta1 * m[i] + (1 - beta1) * gi;
            v[i] = beta2 * v[i] + (1 - beta2) * gi * gi;
            double mHat = m[i] / (1 - Math.pow(beta1, t));
            double vHat = v[i] / (1 - Math.pow(beta2, t));
            boolean bias = i >= d * d;
            head[i] -= lr * (mHat / (Math.sqrt(vHat) + eps) + (bias ? 0 : weightDecay * head[i]));
        }
    }

    private static double squares(double[] a) {
        double sum = 0;
        for (double v : a) {
            sum += v * v;
        }
        return sum;
    }
}
