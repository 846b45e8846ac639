package io.streambind.learner.process;

import io.streambind.core.config.DnsConfig;
import io.streambind.core.model.ResourceLimits;
import io.streambind.learner.LearnerConfig;
import io.streambind.learner.ModelConfigs;

/**
 * What the learner topology and its batch processor read from the configuration: the learner's settings, the
 * DNS settings each model starts with, and the resource limits every batch is checked against (read once).
 */
public record ProcessingSettings(ModelConfigs modelConfigs, LearnerConfig learner, ResourceLimits limits) {

    /** Every new model starts with {@code newModelConfig}. */
    public static ProcessingSettings from(LearnerConfig learner, DnsConfig newModelConfig) {
        return from(learner, ModelConfigs.uniform(newModelConfig));
    }

    public static ProcessingSettings from(LearnerConfig learner, ModelConfigs modelConfigs) {
        return new ProcessingSettings(modelConfigs, learner, learner.resourceLimits());
    }
}
