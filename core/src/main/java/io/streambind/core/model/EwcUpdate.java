package io.streambind.core.model;

import io.streambind.core.config.DnsConfig;
import io.streambind.core.config.Profile;
import io.streambind.core.math.DiagonalFisher;
import io.streambind.core.math.GradientClipping;
import io.streambind.core.math.PairGradient;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

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
        addPenalty(sa);
        addPenalty(sb);
        double norm = GradientClipping.globalNorm(sa.gradient, sb.gradient);
        double clip = GradientClipping.scale(norm, config.clipNorm());
        if (clip != 1.0) {
            scale(sa.gradient, clip);
            scale(sb.gradient, clip);
        }
        return new Gradient(loss, norm, clip);
    }

    @Override
    StepNorms update(Pair pair, Gradient gradient) {
        double norm = Math.sqrt(adamStep(pair.a()) + adamStep(pair.b()));
        return new StepNorms(norm, norm);
    }

    /** Adds lambda F (theta - theta*) to the loss gradient, after recording the loss gradient for F. */
    private void addPenalty(ModalityState s) {
        DiagonalFisher.recordAndPenalize(
                s.gradient, s.squaredGradientSum, s.fisher, s.anchor, s.weights, config.ewcLambda(), s.hasHistory);
        s.fisherBatches++;
    }

    // level-1 BLAS on whole heads: ND4J's element-wise ops are far slower on shared cores
    private static void scale(INDArray a, double factor) {
        Nd4j.getBlasWrapper().level1().scal(a.length(), factor, a);
    }
}
