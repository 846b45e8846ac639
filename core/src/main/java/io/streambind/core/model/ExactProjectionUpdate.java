package io.streambind.core.model;

import io.streambind.core.config.DnsConfig;
import io.streambind.core.math.DeferredProjection;
import io.streambind.core.math.PairGradient;
import io.streambind.core.math.RangeBasis;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

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
        DeferredProjection.Norms normsA = projectStep(pair.a(), adamStep(pair.a()));
        DeferredProjection.Norms normsB = projectStep(pair.b(), adamStep(pair.b()));
        return new StepNorms(Math.sqrt(normsA.before() + normsB.before()), Math.sqrt(normsA.after() + normsB.after()));
    }

    /**
     * Turns the AdamW step just added to the head into its projection Δ - L Δ R. With a kept right
     * basis the range-side write-back is deferred (one d_out x dim x k GEMM per iteration instead of
     * two); otherwise, and always in float64 (a checking mode, where one more GEMM buys fused loops kept
     * in one type), L Δ R is subtracted from W~ now. Returns the squared norms before and after;
     * ||Δ - L Δ R||^2 = ||Δ||^2 - ||L Δ R||^2 as the projection is orthogonal.
     */
    private DeferredProjection.Norms projectStep(ModalityState s, double stepSquares) {
        if (s.weights.dataType() == DataType.FLOAT
                && s.left().form() != RangeBasis.Form.ZERO
                && s.right().form() == RangeBasis.Form.KEPT) {
            if (s.pending == null) {
                s.pending = Nd4j.create(
                        DataType.FLOAT,
                        new long[] {s.outputWidth, s.right().basis().columns()},
                        'f');
            }
            return s.deferred.completeStep(
                    s.step,
                    stepSquares,
                    s.weights,
                    s.pending,
                    s.left(),
                    s.right(),
                    config.learningRate() * config.weightDecay());
        }
        double removed = s.projection.subtractProjected(s.step, s.weights, s.left(), s.right());
        return new DeferredProjection.Norms(stepSquares, Math.max(0, stepSquares - removed));
    }
}
