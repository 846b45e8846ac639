package io.streambind.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The row before the first step: raw encoder outputs through identity heads, computed by hand. */
class IdentityBaselineTest {
    // Scores xa xb^T = [[1, 0, -1], [0, 1, -1], [1, 1, -2]]: pair 2 ranks last both ways; ties go to the lower index.
    private static final float[] XA = {1, 0, 0, 1, 1, 1};
    private static final float[] XB = {1, 0, 0, 1, -1, -1};

    @Test
    void scoresTheRawEmbeddingsAndLeavesTheMatricesAlone() {
        Evaluator evaluator = new Evaluator(1000, 0);
        evaluator.addTestPairs("toy", "text", "audio", XA, 2, XB, 2, 3, new int[] {0, 1, 1});
        // Class prototypes in the text space: class 0 = (1, 0), class 1 = (0, 1).
        evaluator.putPrompts("toy", "text", new float[] {1, 0, 0, 1}, 2, 2);

        // Output width 3 > input width 2: identity heads zero-pad, which changes no inner product.
        List<TaskFigures> baseline = evaluator.identityBaseline(3);

        assertThat(baseline).hasSize(1);
        TaskFigures toy = baseline.get(0);
        assertThat(toy.recall().ab()[0]).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(toy.recall().ba()[0]).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(toy.recall().recall10()).isEqualTo(1.0);
        // Audio rows classified by the text prototypes: (1,0) -> 0 ok, (0,1) -> 1 ok, (-1,-1) -> tie -> 0, label 1.
        assertThat(toy.zeroShotAccuracy()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(evaluator.recall10Matrix().steps()).isEmpty();
    }
}
