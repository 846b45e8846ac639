package io.streambind.learner.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambind.core.config.DnsConfig;
import io.streambind.core.model.BatchProblem;
import io.streambind.core.model.ContinualModel;
import org.junit.jupiter.api.Test;

class RejectReasonsTest {
    @Test
    void eachProblemOfTheCoreModelGetsItsDeadLetterTag() {
        ContinualModel model = new ContinualModel(DnsConfig.defaults());
        float[] ok = new float[8];
        float[] nan = {0, 0, 0, Float.POSITIVE_INFINITY, 0, 0, 0, 0};
        model.train("a", ok, 4, "b", ok, 4, 2);

        assertThat(tagOf(model.problem("a", ok, 4, "b", nan, 4, 2))).isEqualTo(DeadLetterReason.NON_FINITE);
        assertThat(tagOf(model.problem("a", new float[6], 3, "c", new float[6], 3, 2)))
                .isEqualTo(DeadLetterReason.WIDTH_MISMATCH);
        assertThat(tagOf(model.problem("a", ok, 4, "b", ok, 4, 0))).isEqualTo(DeadLetterReason.EMPTY_OR_RAGGED);
        assertThat(tagOf(model.problem("a", new float[7], 4, "b", ok, 4, 2)))
                .isEqualTo(DeadLetterReason.EMPTY_OR_RAGGED);
        assertThat(tagOf(model.problem("a", ok, 4, "a", ok, 4, 2))).isEqualTo(DeadLetterReason.INVALID_BATCH);
        assertThat(tagOf(model.problem(" ", ok, 4, "b", ok, 4, 2))).isEqualTo(DeadLetterReason.INVALID_BATCH);
        assertThat(tagOf(model.problem("x", new float[0], 0, "y", ok, 4, 2))).isEqualTo(DeadLetterReason.INVALID_BATCH);
    }

    private static String tagOf(BatchProblem problem) {
        return RejectReasons.tag(problem.kind());
    }
}
