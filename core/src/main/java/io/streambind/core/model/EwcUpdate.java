package io.streambind.core.model;

import io.streambind.core.config.DnsConfig;
import io.streambind.core.config.Profile;
import io.streambind.core.math.GradientClipping;
import io.streambind.core.math.PairGradient;

/**
 * EWC: the loss gradient plus a diagonal Fisher penalty lambda F (theta - theta*), then AdamW. The
 * penalty is dense, so the gradients are formed in full before they are clipped.
 */
final class EwcUpdate extends UpdateStrategy {
    EwcUpdate(DnsConfig config, PairGradient pairGradient) {
        super(config, pairGradient);
    }

    @Override
    Gradient gradient(Pair pair) {
        ModalityState sa = pair.a();
        ModalityState sb = pair.b();
        double loss = pairGradient.compute(
                pair.inputA(),
                sa.weights,
                pair.inputB(),
                sb.weights,
                config.temperature(),
                config.profile() == Profile.EXACT,
                sa.gradient,
                sb.gradient);
        double lossGradientNorm = GradientClipping.globalNorm(sa.gradient, sb.gradient);
        // checked before the penalty records this batch's gradient into the Fisher sums
        requireFiniteUpdate(loss, lossGradientNorm, GradientClipping.scale(lossGradientNorm, config.clipNorm()));
        sa.addEwcPenalty(config.ewcLambda());
        sb.addEwcPenalty(config.ewcLambda());
        double norm = GradientClipping.globalNorm(sa.gradient, sb.gradient);
        double clip = GradientClipping.scale(norm, config.clipNorm());
        if (clip != 1.0) {
            sa.scaleGradient(clip);
            sb.scaleGradient(clip);
        }
        return new Gradient(loss, norm, clip);
    }

    @Override
    StepNorms update(Pair pair, Gradient gradient) {
        double norm = Math.sqrt(adamStep(pair.a()) + adamStep(pair.b()));
        return new StepNorms(norm, norm);
    }
}
