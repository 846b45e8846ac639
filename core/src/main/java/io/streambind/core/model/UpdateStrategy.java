package io.streambind.core.model;

import io.streambind.core.config.DnsConfig;
import io.streambind.core.config.Precision;
import io.streambind.core.config.Profile;
import io.streambind.core.math.AdamW;
import io.streambind.core.math.GradientClipping;
import io.streambind.core.math.PairGradient;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How one method turns a pair's InfoNCE gradient into new head weights (dns-spec.md sections 2-4):
 * first the loss and the clipped gradient, checked before anything changes, then the AdamW step
 * with the method's projection. One strategy per method and profile, chosen by {@link #of}.
 */
abstract class UpdateStrategy {
    /** One batch of a pair: both heads and their augmented inputs X~ (column-major n x (d+1)). */
    record Pair(ModalityState a, INDArray inputA, ModalityState b, INDArray inputB) {}

    /** The loss, the gradient norm before clipping, and the clipping factor. */
    record Gradient(double loss, double norm, double clip) {}

    /** Norms of the step before and after its projection (equal when nothing is projected). */
    record StepNorms(double before, double after) {}

    protected final DnsConfig config;
    protected final AdamW adamW;
    protected final PairGradient pairGradient;

    UpdateStrategy(DnsConfig config, PairGradient pairGradient) {
        this.config = config;
        this.adamW = new AdamW(
                config.learningRate(), config.beta1(), config.beta2(), config.epsilon(), config.weightDecay());
        this.pairGradient = pairGradient;
    }

    static UpdateStrategy of(DnsConfig config, PairGradient pairGradient) {
        boolean exact = config.profile() == Profile.EXACT;
        return switch (config.method()) {
            case VANILLA -> new VanillaUpdate(config, pairGradient);
            case EWC -> new EwcUpdate(config, pairGradient);
            case DNS, INPUT_NULL ->
                exact
                        ? new ExactProjectionUpdate(config, pairGradient)
                        : new PaperProjectionUpdate(config, pairGradient);
        };
    }

    /**
     * The loss and clipped gradient of the batch, with nothing of the model changed: by default from
     * the low-rank output gradients ({@link #lowRankGradient}).
     *
     * @throws RejectedBatchException when they are not finite in float32
     */
    Gradient gradient(Pair pair) {
        return lowRankGradient(pair);
    }

    /** Updates both heads with the gradient and returns the step's norms. */
    abstract StepNorms update(Pair pair, Gradient gradient);

    /**
     * G~ = dY^T X~ has rank at most n: its norm comes from two n x n Grams, and the clipping factor is
     * folded into the one GEMM that forms it later.
     */
    private Gradient lowRankGradient(Pair pair) {
        boolean exact = config.profile() == Profile.EXACT;
        double loss = pairGradient.outputGradients(
                pair.inputA(),
                pair.a().weights,
                pair.a().outputCorrection(),
                pair.inputB(),
                pair.b().weights,
                pair.b().outputCorrection(),
                config.temperature(),
                exact);
        double norm = Math.sqrt(pairGradient.squaredHeadGradientNorm(pairGradient.outputGradientA(), pair.inputA())
                + pairGradient.squaredHeadGradientNorm(pairGradient.outputGradientB(), pair.inputB()));
        double clip = GradientClipping.scale(norm, config.clipNorm());
        requireFiniteUpdate(loss, norm, clip);
        return new Gradient(loss, norm, clip);
    }

    /** G~ = c dY^T X~ into both heads' gradient buffers. */
    protected final void formHeadGradients(Pair pair, double clip) {
        pair.a().formGradient(pairGradient.outputGradientA(), pair.inputA(), clip);
        pair.b().formGradient(pairGradient.outputGradientB(), pair.inputB(), clip);
    }

    /** Adam moments, the AdamW step of one head into {@code s.step}, added to W~; returns ||step||^2. */
    protected final double adamStep(ModalityState s) {
        return s.applyAdamW(adamW);
    }

    /**
     * Rejects the batch before anything is updated when the loss or the gradient is not finite, or when
     * the clipped gradient is so large that its square overflows AdamW's second moment in the model's precision.
     */
    final void requireFiniteUpdate(double loss, double gradientNorm, double clip) {
        double clipped = clip * gradientNorm;
        boolean float64 = config.precision() == Precision.FLOAT64;
        double largest = float64 ? Double.MAX_VALUE : Float.MAX_VALUE;
        if (!Double.isFinite(loss) || !Double.isFinite(clipped) || clipped * clipped >= largest) {
            throw new RejectedBatchException(new BatchProblem(
                    BatchProblem.Kind.NON_FINITE_UPDATE,
                    "The update of this"
                            + " batch is not finite in " + config.precision().configName() + " (loss " + loss
                            + ", clipped gradient norm " + clipped + "); the model is unchanged."));
        }
    }
}
