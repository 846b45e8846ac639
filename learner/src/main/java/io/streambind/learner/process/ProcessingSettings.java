package io.streambind.learner.process;

import io.streambind.core.config.DnsConfig;
import io.streambind.core.model.ResourceLimits;
import io.streambind.learner.LearnerConfig;
import io.streambind.learner.ModelConfigs;
import java.time.Duration;

/** What the learner topology and its batch processor need from the configuration. */
public record ProcessingSettings(
        ModelConfigs modelConfigs,
        int snapshotIntervalBatches,
        int maxPendingParts,
        int maxPartsPerBatch,
        int maxTestPairs,
        int dedupRetainedSteps,
        int hotModelsMax,
        long headsRefreshMs,
        Duration stepCommitDelay,
        int changelogSegmentBytes,
        ResourceLimits limits,
        int maxModels) {

    /** Every new model starts with {@code newModelConfig}; the default resource limits. */
    public ProcessingSettings(
            DnsConfig newModelConfig,
            int snapshotIntervalBatches,
            int maxPendingParts,
            int maxPartsPerBatch,
            int maxTestPairs,
            int dedupRetainedSteps,
            int hotModelsMax,
            long headsRefreshMs,
            Duration stepCommitDelay,
            int changelogSegmentBytes) {
        this(
                ModelConfigs.uniform(newModelConfig),
                snapshotIntervalBatches,
                maxPendingParts,
                maxPartsPerBatch,
                maxTestPairs,
                dedupRetainedSteps,
                hotModelsMax,
                headsRefreshMs,
                stepCommitDelay,
                changelogSegmentBytes,
                ResourceLimits.DEFAULTS,
                LearnerConfig.INSTANCE_MAX_MODELS_DEFAULT);
    }

    /** The same settings with other resource limits. */
    public ProcessingSettings withLimits(ResourceLimits newLimits, int newMaxModels) {
        return new ProcessingSettings(
                modelConfigs,
                snapshotIntervalBatches,
                maxPendingParts,
                maxPartsPerBatch,
                maxTestPairs,
                dedupRetainedSteps,
                hotModelsMax,
                headsRefreshMs,
                stepCommitDelay,
                changelogSegmentBytes,
                newLimits,
                newMaxModels);
    }

    /** Every new model starts with {@code newModelConfig}. */
    public static ProcessingSettings from(LearnerConfig config, DnsConfig newModelConfig) {
        return from(config, ModelConfigs.uniform(newModelConfig));
    }

    public static ProcessingSettings from(LearnerConfig config, ModelConfigs modelConfigs) {
        return new ProcessingSettings(
                modelConfigs,
                config.snapshotIntervalBatches(),
                config.maxPendingParts(),
                config.maxPartsPerBatch(),
                config.maxTestPairs(),
                config.dedupRetainedSteps(),
                config.hotModelsMax(),
                config.headsRefreshMs(),
                config.stepCommitDelay(),
                config.changelogSegmentBytes(),
                config.resourceLimits(),
                config.instanceMaxModels());
    }
}
