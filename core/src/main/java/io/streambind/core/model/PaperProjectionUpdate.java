package io.streambind.core.model;

import io.streambind.core.config.DnsConfig;
import io.streambind.core.math.Matrices;
import io.streambind.core.math.PairGradient;
import io.streambind.core.math.RangeBasis;
import org.nd4j.linalg.api.ndarray.INDArray;

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
                * Math.sqrt(projectedRawGradient(pair.a(), pairGradient.outputGradientA(), pair.inputA(), clip)
                        + projectedRawGradient(pair.b(), pairGradient.outputGradientB(), pair.inputB(), clip));
        adamStep(pair.a());
        adamStep(pair.b());
        return new StepNorms(clip * gradient.norm(), after);
    }

    /**
     * Writes the projected clipped raw gradient c (dY^T X~ - (dY L)^T (X R)) of one head (R and L
     * on the W columns only) and returns ||dY^T X~ - ...||^2 without the factor c^2. With L = I,
     * the usual case, the input rows are projected first, X (I - R), at O(n d k), and the gradient
     * is the one GEMM vanilla does as well; its norm comes from n x n Grams. {@code augmentedInputs}
     * is overwritten.
     */
    private double projectedRawGradient(ModalityState s, INDArray dY, INDArray augmentedInputs, double clip) {
        boolean projects = s.left().form() != RangeBasis.Form.ZERO && s.right().form() != RangeBasis.Form.ZERO;
        INDArray inputs = Matrices.leadingColumns(augmentedInputs, s.inputWidth);
        if (projects && s.left().form() == RangeBasis.Form.IDENTITY) {
            s.projection.projectRowsOntoNullSpace(inputs, s.right());
        }
        PairGradient.headGradient(dY, augmentedInputs, s.gradient, clip);
        if (!projects || s.left().form() == RangeBasis.Form.IDENTITY) {
            return pairGradient.squaredHeadGradientNorm(dY, augmentedInputs);
        }
        s.projection.projectRawGradient(
                Matrices.leadingColumns(s.gradient, s.inputWidth), dY, inputs, s.left(), s.right(), clip);
        double norm = Matrices.norm(s.gradient) / clip;
        return norm * norm;
    }
}
