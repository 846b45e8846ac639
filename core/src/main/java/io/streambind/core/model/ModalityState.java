package io.streambind.core.model;

import io.streambind.core.math.AdamW;
import io.streambind.core.math.DeferredProjection;
import io.streambind.core.math.DiagonalFisher;
import io.streambind.core.math.Matrices;
import io.streambind.core.math.NullSpaceProjection;
import io.streambind.core.math.PairGradient;
import io.streambind.core.math.RangeBasis;
import io.streambind.core.math.SecondMoments;
import io.streambind.core.math.Workspace;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Everything the model keeps for one modality: its head W~ = [W | b] (column-major d_out x (d+1), in
 * the model's precision, float32 by default), Adam moments, covariance history Z and Z' (double), the bases built from them,
 * the step's accumulators per partner and the EWC state; plus transient work buffers.
 */
final class ModalityState {
    final String name;
    final int inputWidth;
    final int outputWidth;
    /** Dimension of Z and of the right basis: d+1 (augmented, profile exact) or d (raw, profile paper). */
    final int historyDim;
    /** The model's precision: FLOAT or DOUBLE, for the head, its moments, gradient, step and bases. */
    final DataType type;

    final INDArray weights;
    final INDArray firstMoment;
    final INDArray secondMoment;
    int adamStep;

    boolean hasHistory;
    long count; // n_m (profile exact; paper keeps one global count in the model)
    double[] inputCovariance; // Z, column-major historyDim^2, null until the first step end with this modality
    double[] outputCovariance; // Z', column-major d_out^2
    private RangeBasis right;
    private RangeBasis left;
    /**
     * True while the bases are what {@code ContinualModel.refreshBases} computes from Z, Z' and the
     * config (zero before any history): format 3 then stores only their form and rank, and a restore
     * recomputes them, bit-identically as the eigendecomposition is deterministic. False for bases
     * read from formats 1-2, which keep being stored as read.
     */
    boolean basesDerived = true;
    /**
     * Set by a restore with derived bases: computes them on first use (serving a step-end snapshot needs none).
     * Volatile, and cleared only after the bases are installed, so a reader that sees null sees the bases.
     */
    private volatile Consumer<ModalityState> basesOnFirstUse;

    private BasisShape restoredRight; // what the restored section recorded, checked on first use
    private BasisShape restoredLeft;

    /** Form, dimension and rank of a basis: what format 3 stores of a derived basis. */
    record BasisShape(RangeBasis.Form form, int dim, int rank) {
        static BasisShape of(RangeBasis basis) {
            return new BasisShape(basis.form(), basis.dim(), basis.rank());
        }
    }
    /**
     * T of {@link DeferredProjection}: while non-null the head is W~ = weights - T U_R^T, with the
     * range-side write-back of this step's projections still pending (profile exact, kept right basis).
     */
    INDArray pending;

    final TreeMap<String, StepAccumulator> accumulators = new TreeMap<>();

    // EWC (null unless method ewc): Fisher diagonal, anchor weights, step sums of squared gradients
    INDArray fisher;
    INDArray anchor;
    INDArray squaredGradientSum;
    long fisherBatches;

    // transient work buffers, reused from batch to batch
    final INDArray gradient;
    final INDArray step;
    final Workspace workspace = new Workspace();
    final NullSpaceProjection projection = new NullSpaceProjection(workspace);
    final DeferredProjection deferred = new DeferredProjection(workspace);
    private float[] staging = new float[0]; // the last batch's X~, column-major n x (d+1)

    ModalityState(String name, int inputWidth, int outputWidth, int historyDim, boolean ewc, DataType type) {
        this.name = name;
        this.type = type;
        this.inputWidth = inputWidth;
        this.outputWidth = outputWidth;
        this.historyDim = historyDim;
        this.weights = matrix(outputWidth, inputWidth + 1);
        for (int i = 0; i < Math.min(inputWidth, outputWidth); i++) {
            weights.putScalar(i, i, 1.0f); // W = I (or [I | 0] / [I; 0]), b = 0
        }
        this.firstMoment = matrix(outputWidth, inputWidth + 1);
        this.secondMoment = matrix(outputWidth, inputWidth + 1);
        this.right = RangeBasis.zero(historyDim);
        this.left = RangeBasis.zero(outputWidth);
        if (ewc) {
            fisher = matrix(outputWidth, inputWidth + 1);
            anchor = weights.dup('f');
            squaredGradientSum = matrix(outputWidth, inputWidth + 1);
        }
        this.gradient = matrix(outputWidth, inputWidth + 1);
        this.step = matrix(outputWidth, inputWidth + 1);
    }

    INDArray matrix(long rows, long cols) {
        return Nd4j.create(type, new long[] {rows, cols}, 'f');
    }

    /** The step accumulator of this modality's side of pair (this, partner). */
    StepAccumulator accumulator(String partner) {
        return accumulators.computeIfAbsent(partner, p -> new StepAccumulator(historyDim, type == DataType.DOUBLE));
    }

    /** The staging array of the batch's X~ ({@code length} floats), kept for the step sums; reused while it fits. */
    float[] staging(int length) {
        if (staging.length != length) {
            staging = new float[length];
        }
        return staging;
    }

    /** Adds the last loaded batch's X~ ({@code n} rows) to the step sums of the pair with {@code partner}. */
    void accumulateStaged(String partner, int n) {
        accumulator(partner).add(staging, n);
    }

    /** G~ = c dY^T X~ into the gradient buffer. */
    void formGradient(INDArray outputGradient, INDArray input, double clip) {
        PairGradient.headGradient(outputGradient, input, gradient, clip);
    }

    /** Drops the step's accumulators, their buffers returned, once the step end has folded them. */
    void releaseAccumulators() {
        accumulators.values().forEach(StepAccumulator::release);
        accumulators.clear();
    }

    /** The correction of this head's outputs while a write-back is pending; null when the stored matrix is the head. */
    PairGradient.OutputCorrection outputCorrection() {
        if (pending == null) {
            return null;
        }
        return (x, y) -> deferred.correctOutputs(x, y, pending, right(), "deferred.xu");
    }

    /** Applies {@link #outputCorrection} with a buffer of its own, so that several threads may serve this head. */
    void correctOutputsConcurrently(INDArray x, INDArray y) {
        if (pending != null) {
            new DeferredProjection(new Workspace()).correctOutputs(x, y, pending, right(), "served.xu");
        }
    }

    /** The head W~ as one matrix: the stored one, or a corrected copy while a write-back is pending. */
    INDArray effectiveWeights() {
        if (pending == null) {
            return weights;
        }
        INDArray copy = weights.dup('f');
        DeferredProjection.materialize(copy, pending.dup('f'), right());
        return copy;
    }

    /** Applies a pending write-back to the stored matrix (step end, before the bases change). */
    void materialize() {
        if (pending != null) {
            DeferredProjection.materialize(weights, pending, right());
            pending = null;
        }
    }

    /** The right basis (of Z), computed now if a restore left it for first use. */
    RangeBasis right() {
        computeBasesIfDeferred();
        return right;
    }

    /** The left basis (of Z'), computed now if a restore left it for first use. */
    RangeBasis left() {
        computeBasesIfDeferred();
        return left;
    }

    /** Installs bases just computed from Z and Z'. */
    void setDerivedBases(RangeBasis right, RangeBasis left) {
        hasHistory = true;
        this.right = right;
        this.left = left;
        basesDerived = true;
        basesOnFirstUse = null;
    }

    /** After a restore: bases are computed by {@code compute} (which calls {@link #setDerivedBases}) on first use. */
    void computeBasesOnFirstUse(Consumer<ModalityState> compute) {
        basesOnFirstUse = compute;
    }

    /** Concurrent first uses (serving threads) compute the bases once; the others wait for them. */
    private void computeBasesIfDeferred() {
        if (basesOnFirstUse == null) {
            return;
        }
        synchronized (this) {
            Consumer<ModalityState> compute = basesOnFirstUse;
            if (compute == null) {
                return;
            }
            compute.accept(this);
            checkRestoredShapes();
        }
    }

    private void checkRestoredShapes() {
        if (!BasisShape.of(right).equals(restoredRight) || !BasisShape.of(left).equals(restoredLeft)) {
            throw new IllegalStateException(
                    "modality '" + name + "': bases recomputed on restore (" + BasisShape.of(right)
                            + ", " + BasisShape.of(left) + ") differ from the saved ones (" + restoredRight + ", "
                            + restoredLeft
                            + "); the eigendecomposition does not reproduce on this machine");
        }
    }

    /** The AdamW step of this head (moments, step into {@link #step}, added to W~); returns ||step||^2. */
    double applyAdamW(AdamW adamW) {
        adamStep++;
        return adamW.applyStep(weights, gradient, firstMoment, secondMoment, adamStep, inputWidth, step);
    }

    /**
     * Turns the AdamW step just added to the head into its projection Δ - L Δ R (profile exact). With a kept
     * right basis the range-side write-back is deferred (one d_out x dim x k GEMM per iteration instead of
     * two); otherwise, and always in float64 (a checking mode, where one more GEMM buys fused loops kept in
     * one type), L Δ R is subtracted from W~ now. Returns the squared norms before and after;
     * ||Δ - L Δ R||^2 = ||Δ||^2 - ||L Δ R||^2 as the projection is orthogonal.
     *
     * @param decay ηλ, the learning rate times the weight decay
     */
    DeferredProjection.Norms projectStep(double stepSquares, double decay) {
        if (type == DataType.FLOAT && left().form() != RangeBasis.Form.ZERO && right().form() == RangeBasis.Form.KEPT) {
            if (pending == null) {
                pending = Nd4j.create(
                        DataType.FLOAT, new long[] {outputWidth, right().basis().columns()}, 'f');
            }
            return deferred.completeStep(step, stepSquares, weights, pending, left(), right(), decay);
        }
        double removed = projection.subtractProjected(step, weights, left(), right());
        return new DeferredProjection.Norms(stepSquares, Math.max(0, stepSquares - removed));
    }

    /**
     * Writes the projected clipped raw gradient c (dY^T X~ - (dY L)^T (X R)) of this head into {@link #gradient}
     * (profile paper; R and L on the W columns only) and returns ||dY^T X~ - ...||^2 without the factor c^2.
     * With L = I, the usual case, the input rows are projected first, X (I - R), at O(n d k), and the gradient
     * is the one GEMM vanilla does as well; its norm comes from n x n Grams. {@code augmentedInputs} is
     * overwritten.
     */
    double projectRawGradient(PairGradient pairGradient, INDArray dY, INDArray augmentedInputs, double clip) {
        boolean projects = left().form() != RangeBasis.Form.ZERO && right().form() != RangeBasis.Form.ZERO;
        INDArray inputs = Matrices.leadingColumns(augmentedInputs, inputWidth);
        if (projects && left().form() == RangeBasis.Form.IDENTITY) {
            projection.projectRowsOntoNullSpace(inputs, right());
        }
        PairGradient.headGradient(dY, augmentedInputs, gradient, clip);
        if (!projects || left().form() == RangeBasis.Form.IDENTITY) {
            return pairGradient.squaredHeadGradientNorm(dY, augmentedInputs);
        }
        projection.projectRawGradient(Matrices.leadingColumns(gradient, inputWidth), dY, inputs, left(), right(), clip);
        double norm = Matrices.norm(gradient) / clip;
        return norm * norm;
    }

    /** EWC: records the loss gradient for the Fisher diagonal, then adds lambda F (theta - theta*) to it. */
    void addEwcPenalty(double lambda) {
        DiagonalFisher.recordAndPenalize(gradient, squaredGradientSum, fisher, anchor, weights, lambda, hasHistory);
        fisherBatches++;
    }

    /** Scales the gradient buffer by level-1 BLAS: ND4J's element-wise ops are far slower on shared cores. */
    void scaleGradient(double factor) {
        Nd4j.getBlasWrapper().level1().scal(gradient.length(), factor, gradient);
    }

    /** W S W^T in double with the end-of-step weights (W~ in profile exact, W without bias in paper). */
    double[] projectedSecondMoment(double[] sum) {
        return type == DataType.DOUBLE
                ? SecondMoments.projected(Matrices.doubleStorage(weights), outputWidth, historyDim, sum)
                : SecondMoments.projected(Matrices.storage(weights), outputWidth, historyDim, sum);
    }

    /** {@link #foldHistory} with this modality's own count n_m (profile exact), which grows by the samples folded. */
    void foldOwnHistory(double[] sum, double[] partnerSecondMoment, long added) {
        foldHistory(sum, partnerSecondMoment, count, added);
        count += added;
    }

    /** Z <- (n Z + S) / (n + N) and Z' <- (n Z' + W_p S_p W_p^T) / (n + N). */
    void foldHistory(double[] sum, double[] partnerSecondMoment, long n, long added) {
        if (inputCovariance == null) {
            inputCovariance = new double[historyDim * historyDim];
            outputCovariance = new double[outputWidth * outputWidth];
        }
        SecondMoments.foldMean(inputCovariance, n, sum, added);
        SecondMoments.foldMean(outputCovariance, n, partnerSecondMoment, added);
    }

    /** EWC at a step end: the step's squared gradients become the Fisher diagonal, the weights its anchor. */
    void foldFisher() {
        if (fisherBatches > 0) {
            DiagonalFisher.fold(fisher, squaredGradientSum, fisherBatches, anchor, weights);
            fisherBatches = 0;
            hasHistory = true;
        }
    }

    /** Adam moments and counter start from zero at every step (dns-spec.md section 2). */
    void resetAdam() {
        if (adamStep > 0) {
            zero(firstMoment);
            zero(secondMoment);
            adamStep = 0;
        }
    }

    /** A plain pass over native memory: ND4J's assign costs far more on shared cores. */
    private static void zero(INDArray a) {
        if (a.dataType() == DataType.DOUBLE) {
            DoubleBuffer b = Matrices.doubleStorage(a);
            for (int i = 0, n = (int) a.length(); i < n; i++) {
                b.put(i, 0);
            }
            return;
        }
        FloatBuffer b = Matrices.storage(a);
        for (int i = 0, n = (int) a.length(); i < n; i++) {
            b.put(i, 0f);
        }
    }

    /** The bases' shapes and values as the section codec writes them (see {@link SectionCodec}). */
    BasisShape rightShapeToWrite() {
        // bases still awaiting their first use are written as restored, without computing them
        return basesOnFirstUse != null ? restoredRight : BasisShape.of(right);
    }

    BasisShape leftShapeToWrite() {
        return basesOnFirstUse != null ? restoredLeft : BasisShape.of(left);
    }

    /** Stored basis values, for the bases of formats 1-2 that are not derived (see {@link #basesDerived}). */
    float[] storedRightValues() {
        return right.basisData();
    }

    float[] storedLeftValues() {
        return left.basisData();
    }

    /** Bases as a section recorded them: derived ones are only shapes until {@link #computeBasesOnFirstUse}. */
    void restoreBases(RangeBasis right, BasisShape rightShape, RangeBasis left, BasisShape leftShape, boolean derived) {
        this.right = right;
        this.left = left;
        this.basesDerived = derived;
        this.restoredRight = rightShape;
        this.restoredLeft = leftShape;
    }
}
