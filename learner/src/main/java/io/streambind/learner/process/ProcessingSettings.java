package io.streambind.learner.process;

import io.streambind.core.config.DnsConfig;
import io.streambind.learner.LearnerConfig;

/** What the batch processor needs from the configuration. */
public record ProcessingSettings(DnsConfig newModelConfig, int snapshotIntervalBatches, int maxPendingParts,
                                 int maxPartsPerBatch, int maxTestPairs, int dedupRetainedSteps, int hotModelsMax) {

    public static ProcessingSettings from(LearnerConfig config, DnsConfig newModelConfig) {
        return new ProcessingSettings(newModelConfig, config.snapshotIntervalBatches(), config.maxPendingParts(),
                config.maxPartsPerBatch(), config.maxTestPairs(), config.dedupRetainedSteps(), config.hotModelsMax());
    }
}
