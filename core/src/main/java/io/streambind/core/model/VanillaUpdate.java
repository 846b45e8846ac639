package io.streambind.core.model;

import io.streambind.core.config.DnsConfig;
import io.streambind.core.math.PairGradient;

/** Plain AdamW on the clipped gradient: no history, nothing projected (the forgetting baseline). */
final class VanillaUpdate extends UpdateStrategy {
    VanillaUpdate(DnsConfig config, PairGradient pairGradient) {
        super(config, pairGradient);
    }

    @Override
    StepNorms update(Pair pair, Gradient gradient) {
        formHeadGradients(pair, gradient.clip());
        double norm = Math.sqrt(adamStep(pair.a()) + adamStep(pair.b()));
        return new StepNorms(norm, norm);
    }
}
