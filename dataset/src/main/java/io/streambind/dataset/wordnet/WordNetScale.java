package io.streambind.dataset.wordnet;

/**
 * How much of WordNet a build uses. Each step takes at most {@code trainPairs} training and {@code testPairs}
 * test synsets of its file (0: every one that qualifies).
 */
public enum WordNetScale {
    /** A few hundred synsets, for tests (seconds to encode). */
    TINY(48, 16, 2),
    /** A few thousand synsets: minutes to encode on 2 cores. */
    SMALL(768, 256, 4),
    /** Every synset that qualifies. */
    FULL(0, 0, 4);

    private final int trainPairs;
    private final int testPairs;
    private final int epochs;

    WordNetScale(int trainPairs, int testPairs, int epochs) {
        this.trainPairs = trainPairs;
        this.testPairs = testPairs;
        this.epochs = epochs;
    }

    /** Training pairs per step at most; 0 for no limit. */
    public int trainPairs() {
        return trainPairs;
    }

    /** Test pairs per step at most; 0 for no limit. */
    public int testPairs() {
        return testPairs;
    }

    /** Passes over each step's training pairs, each in its own seeded order. */
    public int epochs() {
        return epochs;
    }
}
