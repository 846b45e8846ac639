package io.streambind.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class EvalStabilityTest {
    @Test
    void relativeFrobeniusChange() {
        float[] before = {3, 0, 0, 4}; // norm 5
        float[] after = {3, 1, 0, 4}; // change of norm 1
        assertThat(Stability.deviation(before, after)).isCloseTo(0.2, within(1e-12));
        assertThat(Stability.deviation(before, before)).isZero();
    }

    @Test
    void rejectsMismatchedOrZeroReference() {
        assertThatThrownBy(() -> Stability.deviation(new float[2], new float[2]))
                .hasMessageContaining("zero");
        assertThatThrownBy(() -> Stability.deviation(new float[2], new float[3]))
                .hasMessageContaining("differ");
    }
}
