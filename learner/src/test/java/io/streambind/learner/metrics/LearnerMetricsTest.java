package io.streambind.learner.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LearnerMetricsTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final LearnerMetrics metrics = new LearnerMetrics(registry);

    @Test
    void batchesOfOnePairAddUpInItsMeters() {
        metrics.batchTrained("m", "vision-text", 64, 2.5, 3_000_000);
        metrics.batchTrained("m", "vision-text", 32, 1.5, 1_000_000);
        metrics.projection("m", "vision-text", 4.0, 3.0, 0.4375);
        metrics.projection("m", "vision-text", 2.0, 1.0, 0.75);

        Tags pair = Tags.of("model", "m", "pair", "vision-text");
        assertThat(registry.get(LearnerMetrics.BATCHES_TRAINED)
                        .tags(pair)
                        .counter()
                        .count())
                .isEqualTo(2.0);
        assertThat(registry.get(LearnerMetrics.SAMPLES_TRAINED)
                        .tags(pair)
                        .counter()
                        .count())
                .isEqualTo(96.0);
        assertThat(registry.get(LearnerMetrics.LOSS).tags(pair).summary().mean())
                .isEqualTo(2.0);
        assertThat(registry.get(LearnerMetrics.LOSS_LAST).tags(pair).gauge().value())
                .isEqualTo(1.5);
        assertThat(registry.get(LearnerMetrics.BATCH_TRAIN_DURATION)
                        .tags(pair)
                        .timer()
                        .totalTime(TimeUnit.MILLISECONDS))
                .isEqualTo(4.0);
        assertThat(registry.get(LearnerMetrics.GRAD_NORM_BEFORE)
                        .tags(pair)
                        .summary()
                        .totalAmount())
                .isEqualTo(6.0);
        assertThat(registry.get(LearnerMetrics.GRAD_NORM_AFTER)
                        .tags(pair)
                        .summary()
                        .max())
                .isEqualTo(3.0);
        assertThat(registry.get(LearnerMetrics.GRAD_SHARE_REMOVED)
                        .tags(pair)
                        .summary()
                        .count())
                .isEqualTo(2);
    }

    @Test
    void pairsAndModelsKeepSeparateMeters() {
        metrics.batchTrained("m", "vision-text", 64, 2.5, 1);
        metrics.batchTrained("m", "audio-text", 16, 1.0, 1);
        metrics.batchTrained("other", "vision-text", 8, 0.5, 1);

        assertThat(registry.get(LearnerMetrics.SAMPLES_TRAINED)
                        .tags("model", "m", "pair", "vision-text")
                        .counter()
                        .count())
                .isEqualTo(64.0);
        assertThat(registry.get(LearnerMetrics.SAMPLES_TRAINED)
                        .tags("model", "m", "pair", "audio-text")
                        .counter()
                        .count())
                .isEqualTo(16.0);
        assertThat(registry.get(LearnerMetrics.LOSS_LAST)
                        .tags("model", "other", "pair", "vision-text")
                        .gauge()
                        .value())
                .isEqualTo(0.5);
        assertThat(registry.find(LearnerMetrics.BATCHES_TRAINED).counters()).hasSize(3);
    }

    @Test
    void lastLossIsNotANumberUntilABatchIsTrainedAndSharesItsGaugeWithThePair() {
        metrics.projection("m", "vision-text", 1.0, 1.0, 0.0);
        assertThat(registry.get(LearnerMetrics.LOSS_LAST)
                        .tags("model", "m", "pair", "vision-text")
                        .gauge()
                        .value())
                .isNaN();
        metrics.batchTrained("m", "vision-text", 4, 0.25, 1);
        assertThat(registry.find(LearnerMetrics.LOSS_LAST).gauges()).hasSize(1);
        assertThat(registry.get(LearnerMetrics.LOSS_LAST).gauge().value()).isEqualTo(0.25);
    }
}
