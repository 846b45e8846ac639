package io.streambind.core.model;

import java.util.Random;

/**
 * Synthetic multimodal data for tests: every modality observes a shared low-rank latent z through
 * its own random mixing matrix, plus small isotropic noise (below the default lambda_min, so the
 * protected subspace is the signal's).
 */
final class SyntheticPairs {
    private final int latent;
    private final double noise;
    private final Random random;

    SyntheticPairs(int latent, double noise, long seed) {
        this.latent = latent;
        this.noise = noise;
        this.random = new Random(seed);
    }

    /** A mixing matrix for one modality of width d (row-major d x latent). */
    double[] mixing(int d) {
        double[] a = new double[d * latent];
        for (int i = 0; i < a.length; i++) {
            a[i] = random.nextGaussian() / Math.sqrt(latent);
        }
        return a;
    }

    /** n latent rows (row-major n x latent). */
    double[] latents(int n) {
        double[] z = new double[n * latent];
        for (int i = 0; i < z.length; i++) {
            z[i] = random.nextGaussian();
        }
        return z;
    }

    /** Row-major n x d observations x = A z + noise. */
    float[] observe(double[] mixing, double[] z, int d) {
        int n = z.length / latent;
        float[] x = new float[n * d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                double v = 0;
                for (int k = 0; k < latent; k++) {
                    v += mixing[j * latent + k] * z[i * latent + k];
                }
                x[i * d + j] = (float) (v + noise * random.nextGaussian());
            }
        }
        return x;
    }

    static float[] gaussian(Random random, int count, double scale) {
        float[] x = new float[count];
        for (int i = 0; i < count; i++) {
            x[i] = (float) (scale * random.nextGaussian());
        }
        return x;
    }
}
