package io.streambind.core.model;

import io.streambind.core.config.DnsConfig;
import io.streambind.core.math.PairGradient;

/**
 * Profile paper (DNS, and input-null): the clipped raw gradient c dY^T X is projected on the W
 * columns (the bias is not), then AdamW takes the step (dns-spec.md section 4, as the paper's code).
 */
final class PaperProjectionUpdate extends UpdateStrategy {
    PaperProjectionUpdate(DnsConfig config, PairGradient pairGradient) {
        super(config, pairGradient);
    }

    @Override
    StepNorms update(Pair pair, Gradient gradient) {
        double clip = gradient.clip();
        double after = clip
                * Math.sqrt(pair.a()
                                .projectRawGradient(pairGradient, pairGradient.outputGradientA(), pair.inputA(), clip)
                        + pair.b()
                                .projectRawGradient(pairGradient, pairGradient.outputGradientB(), pair.inputB(), clip));
        adamStep(pair.a());
        adamStep(pair.b());
        return new StepNorms(clip * gradient.norm(), after);
    }
}
