package io.streambind.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HostStealTest {
    @Test
    void stealIsTheEighthValueOfTheCpuLineInTicks() {
        assertThat(HostSteal.parse("cpu  3165136 3 860545 1762726 22695 0 11860 65224 0 0"))
                .isEqualTo(652.24);
    }

    @Test
    void aLineWithoutStealIsNaN() {
        assertThat(HostSteal.parse("cpu  3165136 3 860545 1762726")).isNaN();
        assertThat(HostSteal.parse("cpu0 1 2 3 4 5 6 7 8")).isNaN();
    }
}
