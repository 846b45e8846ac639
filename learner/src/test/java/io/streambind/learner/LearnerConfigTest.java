package io.streambind.learner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LearnerConfigTest {
    @Test
    void renamedLimitsAreReadUnderTheirFormerNamesToo() {
        LearnerConfig current =
                new LearnerConfig(Map.of(LearnerConfig.HOT_MAX_MODELS, "3", LearnerConfig.SERVE_MAX_MODELS, "5"));
        LearnerConfig former =
                new LearnerConfig(Map.of("learner.hot.models.max", "3", "learner.serve.models.max", "5"));
        assertThat(current.hotModelsMax()).isEqualTo(3).isEqualTo(former.hotModelsMax());
        assertThat(current.serveModelsMax()).isEqualTo(5).isEqualTo(former.serveModelsMax());
        assertThat(new LearnerConfig(Map.of()).hotModelsMax()).isEqualTo(8);
        assertThatThrownBy(() ->
                        new LearnerConfig(Map.of(LearnerConfig.HOT_MAX_MODELS, "3", "learner.hot.models.max", "4")))
                .hasMessageContaining("former name");
    }
}
