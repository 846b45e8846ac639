package io.streambind.producer.synthetic;

/**
 * Settings of the synthetic benchmark stream.
 *
 * @param scale small (a few hundred pairs per step) or paper (the paper's dataset sizes)
 * @param dim input width of every modality (ImageBind's 1024 by default)
 * @param latent dimension of the shared semantic latent
 * @param trainPairs training pairs per step at small scale (ignored at paper scale)
 * @param testPairs test pairs per step at small scale (ignored at paper scale)
 * @param batchRows rows per batch
 * @param epochs passes over each step's training pairs, each in a fresh seeded order (the paper trains
 *     several epochs per step)
 * @param steps how many of the 11 benchmark steps to emit (a prefix of the paper's order)
 */
public record SyntheticOptions(
        Scale scale,
        int dim,
        int latent,
        int trainPairs,
        int testPairs,
        int batchRows,
        int epochs,
        int steps,
        long seed) {
    public static final int DEFAULT_DIM = 1024;
    public static final int DEFAULT_TRAIN_PAIRS = 384;
    public static final int DEFAULT_TEST_PAIRS = 128;
    public static final int DEFAULT_BATCH_ROWS = 64;
    public static final int DEFAULT_EPOCHS = 4;

    /** Benchmark size. */
    public enum Scale {
        SMALL,
        PAPER
    }

    public SyntheticOptions {
        if (dim < 8
                || latent < 2
                || latent > dim / 2
                || trainPairs < 1
                || testPairs < 1
                || batchRows < 1
                || epochs < 1
                || steps < 1
                || steps > Benchmark.STEPS.size()) {
            throw new IllegalArgumentException("invalid synthetic options: dim " + dim + ", latent " + latent
                    + " (2..dim/2), train " + trainPairs + ", test " + testPairs + ", batch " + batchRows + ", epochs "
                    + epochs + ", steps " + steps
                    + " (1.." + Benchmark.STEPS.size() + ")");
        }
    }

    /** Small scale at width {@code dim}: the default latent, sizes and epochs, all 11 steps. */
    public static SyntheticOptions small(int dim, long seed) {
        return new SyntheticOptions(
                Scale.SMALL,
                dim,
                defaultLatent(dim),
                DEFAULT_TRAIN_PAIRS,
                DEFAULT_TEST_PAIRS,
                DEFAULT_BATCH_ROWS,
                DEFAULT_EPOCHS,
                Benchmark.STEPS.size(),
                seed);
    }

    /**
     * A low-dimensional semantic latent, as real encoders concentrate their energy in few directions:
     * 16, or dim/8 below width 128.
     */
    public static int defaultLatent(int dim) {
        return Math.max(2, Math.min(16, dim / 8));
    }

    int trainPairs(BenchmarkTask task) {
        return scale == Scale.PAPER ? task.paperTrain() : trainPairs;
    }

    int testPairs(BenchmarkTask task) {
        return scale == Scale.PAPER ? task.paperTest() : testPairs;
    }
}
