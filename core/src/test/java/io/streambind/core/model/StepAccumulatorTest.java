package io.streambind.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The blocked float32 syrk accumulation against a double reference, and its codec round trip mid-block. */
class StepAccumulatorTest {
    private static final int DIM = 7;
    private static final int BATCH = 96; // does not divide BLOCK_ROWS: blocks straddle batches

    @Test
    void sumMatchesTheDoubleReferenceAcrossSeveralBlocks() {
        Random random = new Random(3);
        StepAccumulator acc = new StepAccumulator(DIM, false);
        double[] reference = new double[DIM * DIM];
        int batches = 3 * StepAccumulator.BLOCK_ROWS / BATCH + 2;
        for (int b = 0; b < batches; b++) {
            float[] columns = batch(random);
            acc.add(columns, BATCH);
            for (int i = 0; i < BATCH; i++) {
                for (int r = 0; r < DIM; r++) {
                    for (int c = 0; c < DIM; c++) {
                        reference[c * DIM + r] += (double) columns[r * BATCH + i] * columns[c * BATCH + i];
                    }
                }
            }
        }
        double[] sum = acc.symmetricSum();
        assertThat(acc.count).isEqualTo((long) batches * BATCH);
        for (int i = 0; i < sum.length; i++) {
            assertThat(sum[i])
                    .as("entry %d", i)
                    .isCloseTo(reference[i], org.assertj.core.data.Offset.offset(1e-5 * batches * BATCH));
        }
    }

    @Test
    void restoringBufferedRowsContinuesBitExactly() {
        Random random = new Random(4);
        float[][] batches = new float[9][];
        for (int b = 0; b < batches.length; b++) {
            batches[b] = batch(random);
        }
        StepAccumulator straight = new StepAccumulator(DIM, false);
        StepAccumulator first = new StepAccumulator(DIM, false);
        for (int b = 0; b < 4; b++) {
            straight.add(batches[b], BATCH);
            first.add(batches[b], BATCH);
        }
        float[] rows = first.bufferedRows();
        assertThat(rows).hasSize((4 * BATCH % StepAccumulator.BLOCK_ROWS) * DIM);
        StepAccumulator restored =
                new StepAccumulator(DIM, false, first.storedSum().clone(), first.count, rows);
        for (int b = 4; b < batches.length; b++) {
            straight.add(batches[b], BATCH);
            restored.add(batches[b], BATCH);
        }
        assertThat(restored.count).isEqualTo(straight.count);
        assertThat(restored.symmetricSum()).containsExactly(straight.symmetricSum());
    }

    private static float[] batch(Random random) {
        float[] columns = new float[BATCH * DIM];
        for (int i = 0; i < columns.length; i++) {
            columns[i] = (float) random.nextGaussian();
        }
        return columns;
    }
}
