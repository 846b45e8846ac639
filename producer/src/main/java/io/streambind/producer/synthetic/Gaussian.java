package io.streambind.producer.synthetic;

import java.util.SplittableRandom;

/**
 * Seeded normal draws by Box-Muller over {@link SplittableRandom}, whose sequence is specified, so
 * the synthetic stream's bytes depend only on the seed, not on the JDK.
 */
final class Gaussian {
    private final SplittableRandom random;
    private double spare = Double.NaN;

    Gaussian(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** A seed for an independent stream named by {@code tags} under {@code seed}. */
    static long derive(long seed, String... tags) {
        long h = seed * 0x9E3779B97F4A7C15L;
        for (String tag : tags) {
            for (int i = 0; i < tag.length(); i++) {
                h = (h ^ tag.charAt(i)) * 0x100000001B3L;
            }
            h = Long.rotateLeft(h, 29) ^ 0xD6E8FEB86659FD93L;
        }
        return h;
    }

    double next() {
        if (!Double.isNaN(spare)) {
            double value = spare;
            spare = Double.NaN;
            return value;
        }
        double u = 1 - random.nextDouble(); // in (0, 1]: the log is finite
        double v = random.nextDouble();
        double radius = Math.sqrt(-2 * Math.log(u));
        spare = radius * Math.sin(2 * Math.PI * v);
        return radius * Math.cos(2 * Math.PI * v);
    }

    double[] vector(int length, double scale) {
        double[] values = new double[length];
        for (int i = 0; i < length; i++) {
            values[i] = scale * next();
        }
        return values;
    }

    int nextInt(int bound) {
        return random.nextInt(bound);
    }
}
