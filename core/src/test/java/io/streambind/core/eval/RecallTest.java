package io.streambind.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RecallTest {
    @Test
    void handComputedMatrixWithTies() {
        // Row 0: its tie with column 1 does not count (1 > 0).  Row 1: tie with column 0 counts (0 < 1).
        // Row 2: beaten by column 1.  Columns: 0 beaten by row 1, 1 beaten by row 2, 2 wins.
        float[] scores = {
            1, 1, 0,
            2, 2, 0,
            0, 3, 1
        };
        RecallFigures recall = Recall.of(scores, 3);
        assertThat(recall.ab()).containsExactly(1.0 / 3, 1, 1);
        assertThat(recall.ba()).containsExactly(1.0 / 3, 1, 1);
        assertThat(recall.mean()).containsExactly(1.0 / 3, 1, 1);
    }

    @Test
    void constantScoresRankEachRowBehindAllLowerIndices() {
        int n = 12;
        float[] scores = new float[n * n];
        Arrays.fill(scores, 0.5f);
        RecallFigures recall = Recall.of(scores, n);
        // Row i has exactly i competitors ranked above it: hits@K = K rows.
        assertThat(recall.ab()).containsExactly(1.0 / 12, 5.0 / 12, 10.0 / 12);
        assertThat(recall.ba()).containsExactly(1.0 / 12, 5.0 / 12, 10.0 / 12);
        assertThat(recall.recall10()).isCloseTo(10.0 / 12, within(1e-15));
    }

    @Test
    void directionsDifferOnAnAsymmetricMatrix() {
        // Row 0's partner wins its row, row 1's loses; column 0 is won by row 1, column 1 by row 0.
        float[] scores = {
            5, 1,
            9, 0
        };
        RecallFigures recall = Recall.of(scores, 2);
        assertThat(recall.ab()[0]).isEqualTo(0.5);
        assertThat(recall.ba()[0]).isEqualTo(0.0);
        assertThat(recall.mean()[0]).isEqualTo(0.25);
        // Row 1 loses to column 0 (9 > 0) but is still within the top 5.
        assertThat(recall.ab()[1]).isEqualTo(1.0);
    }

    @Test
    void innerProductScoresFeedRecall() {
        float[] ya = {1, 0, 0, 1, 1, 1};
        float[] yb = {2, 0, 0, 3, 1, -1};
        float[] scores = Scores.innerProducts(ya, yb, 3, 2);
        assertThat(scores).containsExactly(2, 0, 1, 0, 3, -1, 2, 3, 0);
    }
}
