package io.streambind.core.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TestSetSamplerTest {
    private static final TaskPair PAIR = new TaskPair("T", "text", "video");

    /** Row i of side a is (i, i), of side b (-i); label i % 7. */
    private static void feed(TestSetSampler sampler, int start, int n) {
        float[] a = new float[2 * n];
        float[] b = new float[n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            a[2 * i] = start + i;
            a[2 * i + 1] = start + i;
            b[i] = -(start + i);
            labels[i] = (start + i) % 7;
        }
        sampler.add(a, b, labels, n);
    }

    /** Pairs handed out below capacity share the sampler's arrays; later adds must not change them. */
    @Test
    void pairsHandedOutStayAsTheyWereAfterMoreArrive() {
        TestSetSampler sampler = new TestSetSampler(PAIR, 2, 1, 40, 3);
        feed(sampler, 0, 30);
        TestPairs before = sampler.rowsInArrivalOrder();
        float[] xa = before.xa().clone();
        int[] labels = before.labels().clone();
        feed(sampler, 30, 25); // grows to capacity, then replaces kept rows
        assertThat(before.rows()).isEqualTo(30);
        assertThat(before.xa()).containsExactly(xa);
        assertThat(before.labels()).containsExactly(labels);
        TestPairs after = sampler.rowsInArrivalOrder();
        assertThat(after.rows()).isEqualTo(40);
        assertThat(after).isNotSameAs(before);
    }

    @Test
    void keepsEverythingInOrderBelowCapacity() {
        TestSetSampler sampler = new TestSetSampler(PAIR, 2, 1, 100, 1);
        feed(sampler, 0, 30);
        feed(sampler, 30, 20);
        TestPairs pairs = sampler.rowsInArrivalOrder();
        assertThat(pairs.rows()).isEqualTo(50);
        for (int i = 0; i < 50; i++) {
            assertThat(pairs.xa()[2 * i]).isEqualTo(i);
            assertThat(pairs.xb()[i]).isEqualTo(-i);
            assertThat(pairs.labels()[i]).isEqualTo(i % 7);
        }
    }

    @Test
    void keepsASeededSubsetOfPairedRowsInArrivalOrder() {
        TestSetSampler first = new TestSetSampler(PAIR, 2, 1, 40, 7);
        TestSetSampler again = new TestSetSampler(PAIR, 2, 1, 40, 7);
        TestSetSampler otherSeed = new TestSetSampler(PAIR, 2, 1, 40, 8);
        for (int start = 0; start < 1000; start += 64) {
            feed(first, start, Math.min(64, 1000 - start));
            feed(again, start, Math.min(64, 1000 - start));
            feed(otherSeed, start, Math.min(64, 1000 - start));
        }
        TestPairs pairs = first.rowsInArrivalOrder();
        assertThat(pairs.rows()).isEqualTo(40);
        assertThat(first.seen()).isEqualTo(1000);
        Set<Float> distinct = new HashSet<>();
        for (int i = 0; i < 40; i++) {
            float id = pairs.xa()[2 * i];
            assertThat(pairs.xb()[i]).isEqualTo(-id);
            assertThat(pairs.labels()[i]).isEqualTo((int) id % 7);
            if (i > 0) {
                assertThat(id).isGreaterThan(pairs.xa()[2 * (i - 1)]);
            }
            distinct.add(id);
        }
        // A uniform sample of 40 from 1000 reaches well past the first 40 rows.
        assertThat(pairs.xa()[2 * 39]).isGreaterThan(500);
        assertThat(again.rowsInArrivalOrder().xa()).containsExactly(pairs.xa());
        assertThat(otherSeed.rowsInArrivalOrder().xa()).isNotEqualTo(pairs.xa());
    }

    @Test
    void dropsLabelsWhenSomeBatchHadNone() {
        TestSetSampler sampler = new TestSetSampler(PAIR, 2, 1, 10, 1);
        feed(sampler, 0, 3);
        sampler.add(new float[] {1, 1}, new float[] {1}, null, 1);
        assertThat(sampler.rowsInArrivalOrder().labels()).isNull();
    }
}
