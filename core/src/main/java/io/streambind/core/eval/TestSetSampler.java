package io.streambind.core.eval;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Keeps a fixed, seeded, uniform subset of at most {@code capacity} test pairs of one task as they
 * stream in (reservoir sampling), so evaluation memory is bounded however large the test split is.
 * {@link #rowsInArrivalOrder} returns the kept rows in the order they arrived, which is the order
 * tie-breaking refers to.
 */
public final class TestSetSampler {
    private final TaskPair pair;
    private final int widthA;
    private final int widthB;
    private final int capacity;
    private final SplittableRandom random;
    private float[] xa = new float[0];
    private float[] xb = new float[0];
    private int[] labels = new int[0];
    private long[] arrival = new long[0];
    private boolean allLabelled = true;
    private int kept;
    private long seen;
    /** {@link #rowsInArrivalOrder} until the next {@link #add}: every step end scores the same pairs. */
    private TestPairs ordered;

    public TestSetSampler(TaskPair pair, int widthA, int widthB, int capacity, long seed) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.pair = pair;
        this.widthA = widthA;
        this.widthB = widthB;
        this.capacity = capacity;
        this.random =
                new SplittableRandom(seed * 0x9E3779B97F4A7C15L + pair.key().hashCode());
    }

    public TaskPair pair() {
        return pair;
    }

    /** Offers n rows; {@code rowLabels} may be null (then the task has no zero-shot accuracy). */
    public void add(float[] rowsA, float[] rowsB, int[] rowLabels, int n) {
        if (rowsA.length != (long) n * widthA
                || rowsB.length != (long) n * widthB
                || (rowLabels != null && rowLabels.length != n)) {
            throw new IllegalArgumentException("test rows of " + pair.key() + " do not match widths " + widthA + "/"
                    + widthB + " for " + n + " rows");
        }
        ordered = null;
        allLabelled &= rowLabels != null;
        for (int i = 0; i < n; i++, seen++) {
            int slot;
            if (seen < capacity) {
                slot = kept++;
                grow(slot + 1);
            } else {
                long candidate = random.nextLong(seen + 1);
                if (candidate >= capacity) {
                    continue;
                }
                slot = (int) candidate;
            }
            System.arraycopy(rowsA, i * widthA, xa, slot * widthA, widthA);
            System.arraycopy(rowsB, i * widthB, xb, slot * widthB, widthB);
            labels[slot] = rowLabels == null ? -1 : rowLabels[i];
            arrival[slot] = seen;
        }
    }

    /** Pairs offered so far (kept or not). */
    public long seen() {
        return seen;
    }

    /** The kept pairs in arrival order (shared between calls: callers must not modify them). */
    public TestPairs rowsInArrivalOrder() {
        if (ordered == null) {
            ordered = orderByArrival();
        }
        return ordered;
    }

    private TestPairs orderByArrival() {
        if (kept < capacity) {
            // Nothing was replaced yet, so the slots are in arrival order: trim and share them instead of
            // keeping a second copy (the next add grows into new arrays, leaving these untouched).
            xa = Arrays.copyOf(xa, kept * widthA);
            xb = Arrays.copyOf(xb, kept * widthB);
            labels = Arrays.copyOf(labels, kept);
            arrival = Arrays.copyOf(arrival, kept);
            return new TestPairs(pair, xa, widthA, xb, widthB, kept, allLabelled ? labels : null);
        }
        Integer[] order = new Integer[kept];
        for (int i = 0; i < kept; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (p, q) -> Long.compare(arrival[p], arrival[q]));
        float[] a = new float[kept * widthA];
        float[] b = new float[kept * widthB];
        int[] l = allLabelled ? new int[kept] : null;
        for (int i = 0; i < kept; i++) {
            int slot = order[i];
            System.arraycopy(xa, slot * widthA, a, i * widthA, widthA);
            System.arraycopy(xb, slot * widthB, b, i * widthB, widthB);
            if (l != null) {
                l[i] = labels[slot];
            }
        }
        return new TestPairs(pair, a, widthA, b, widthB, kept, l);
    }

    private void grow(int rows) {
        if (rows <= arrival.length) {
            return;
        }
        int target = (int) Math.min(capacity, Math.max(rows, 2L * arrival.length));
        xa = Arrays.copyOf(xa, target * widthA);
        xb = Arrays.copyOf(xb, target * widthB);
        labels = Arrays.copyOf(labels, target);
        arrival = Arrays.copyOf(arrival, target);
    }
}
