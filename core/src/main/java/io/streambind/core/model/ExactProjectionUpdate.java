package io.streambind.core.model;

import io.streambind.core.config.DnsConfig;
import io.streambind.core.math.DeferredProjection;
import io.streambind.core.math.PairGradient;

/**
 * Profile exact (DNS, and input-null with L = I): the AdamW step Δ of each head, then its
 * projection Δ - L Δ R onto the null spaces of the history (dns-spec.md section 4).
 */
final class ExactProjectionUpdate extends UpdateStrategy {
    ExactProjectionUpdate(DnsConfig config, PairGradient pairGradient) {
        super(config, pairGradient);
    }

    @Override
    StepNorms update(Pair pair, Gradient gradient) {
        formHeadGradients(pair, gradient.clip());
        double decay = config.learningRate() * config.weightDecay();
        DeferredProjection.Norms normsA = pair.a().projectStep(adamStep(pair.a()), decay);
        DeferredProjection.Norms normsB = pair.b().projectStep(adamStep(pair.b()), decay);
        return new StepNorms(Math.sqrt(normsA.before() + normsB.before()), Math.sqrt(normsA.after() + normsB.after()));
    }
}
