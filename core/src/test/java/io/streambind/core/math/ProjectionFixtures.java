package io.streambind.core.math;

import java.util.Random;

/** Covariances with a chosen number of eigenvalues above a threshold, and dense double projectors. */
final class ProjectionFixtures {
    static final double THRESHOLD = 0.01;

    private ProjectionFixtures() {}

    /** Eigen of Q diag(sigma) Q^T with {@code kept} eigenvalues in [1, 2] and the rest in [0, 1e-3]. */
    static SymmetricEigen covariance(Random random, int dim, int kept) {
        SymmetricEigen rotation = SymmetricEigen.of(randomSymmetric(random, dim), dim);
        double[] q = rotation.vectors();
        double[] c = new double[dim * dim];
        for (int e = 0; e < dim; e++) {
            double sigma = e < kept ? 1 + random.nextDouble() : 1e-3 * random.nextDouble();
            for (int j = 0; j < dim; j++) {
                for (int i = 0; i < dim; i++) {
                    c[j * dim + i] += sigma * q[e * dim + i] * q[e * dim + j];
                }
            }
        }
        return SymmetricEigen.of(c, dim);
    }

    static double[] randomSymmetric(Random random, int dim) {
        double[] a = new double[dim * dim];
        for (int i = 0; i < dim; i++) {
            for (int j = 0; j <= i; j++) {
                double v = random.nextGaussian();
                a[i * dim + j] = v;
                a[j * dim + i] = v;
            }
        }
        return a;
    }

    /** P as a dense double matrix [row][col], built from the stored basis independently of the projection code. */
    static double[][] dense(RangeBasis p) {
        int dim = p.dim();
        double[][] m = new double[dim][dim];
        if (p.form() == RangeBasis.Form.IDENTITY || p.form() == RangeBasis.Form.COMPLEMENT) {
            for (int i = 0; i < dim; i++) {
                m[i][i] = 1;
            }
        }
        float[] b = p.basisData();
        double sign = p.form() == RangeBasis.Form.KEPT ? 1 : -1;
        for (int c = 0; c < b.length / dim; c++) {
            for (int i = 0; i < dim; i++) {
                for (int j = 0; j < dim; j++) {
                    m[i][j] += sign * b[c * dim + i] * b[c * dim + j];
                }
            }
        }
        return m;
    }

    static double[][] multiply(double[][] a, double[][] b) {
        double[][] c = new double[a.length][b[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int k = 0; k < b.length; k++) {
                for (int j = 0; j < b[0].length; j++) {
                    c[i][j] += a[i][k] * b[k][j];
                }
            }
        }
        return c;
    }
}
