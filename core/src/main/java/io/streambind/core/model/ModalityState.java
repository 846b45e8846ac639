package io.streambind.core.model;

import io.streambind.core.math.DeferredProjection;
import io.streambind.core.math.Matrices;
import io.streambind.core.math.NullSpaceProjection;
import io.streambind.core.math.PairGradient;
import io.streambind.core.math.RangeBasis;
import io.streambind.core.math.Workspace;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Map;
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
    private record BasisShape(RangeBasis.Form form, int dim, int rank) {
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
    float[] staging = new float[0]; // the last batch's X~, column-major n x (d+1)

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

    /** Adam moments and counter start from zero at every step (dns-spec.md section 2). */
    void resetAdam() {
        if (adamStep > 0) {
            zero(firstMoment);
            zero(secondMoment);
            adamStep = 0;
        }
    }

    // ---- section codec ----

    /**
     * Bytes {@link #writeTo} needs right after a step end (Adam moments zero, no accumulators), the common
     * snapshot: a writer of this size holds it without growing or copying.
     */
    long encodedSizeAfterStepEnd() {
        long size = (long) type.width() * weights.length();
        if (inputCovariance != null) {
            size += 8
                    * (SquareLayout.SYMMETRIC.storedValues(historyDim)
                            + SquareLayout.SYMMETRIC.storedValues(outputWidth));
        }
        size += pending == null ? 0 : 4L * pending.length();
        return size + 1024 + 4L * name.length(); // counts, flags, shapes and the name
    }

    /** Writes the current format (3): all-zero arrays as markers, Z and S as triangles, derived bases as a flag. */
    void writeTo(StateWriter out) {
        out.string(name).int32(inputWidth).int32(outputWidth).int32(historyDim);
        out.array(weights).arrayOrZero(firstMoment).arrayOrZero(secondMoment).int32(adamStep);
        out.bool(hasHistory).int64(count);
        out.bool(inputCovariance != null);
        if (inputCovariance != null) {
            out.square(inputCovariance, historyDim).square(outputCovariance, outputWidth);
        }
        out.bool(basesDerived);
        // bases still awaiting their first use are written as restored, without computing them
        boolean waiting = basesOnFirstUse != null;
        writeBasis(out, waiting ? restoredRight : BasisShape.of(right), basesDerived ? null : right.basisData());
        writeBasis(out, waiting ? restoredLeft : BasisShape.of(left), basesDerived ? null : left.basisData());
        if (pending == null) {
            out.floats(new float[0]);
        } else {
            out.floats(Matrices.storage(pending), 0, (int) pending.length());
        }
        out.int32(accumulators.size());
        for (Map.Entry<String, StepAccumulator> e : accumulators.entrySet()) {
            StepAccumulator acc = e.getValue();
            out.string(e.getKey())
                    .int64(acc.count)
                    .square(acc.storedSum(), historyDim)
                    .floats(acc.bufferedRows());
        }
        out.bool(fisher != null);
        if (fisher != null) {
            out.arrayOrZero(fisher)
                    .arrayOrZero(anchor)
                    .arrayOrZero(squaredGradientSum)
                    .int64(fisherBatches);
        }
    }

    /**
     * Reads a section of format 1 to 3. With {@code basesDerived} set (format 3) only the bases'
     * shapes are read: the caller hands {@link #computeBasesOnFirstUse} the computation, which needs
     * the model's config.
     */
    static ModalityState readFrom(StateReader in, DataType type) {
        String name = in.string();
        int inputWidth = in.int32();
        int outputWidth = in.int32();
        int historyDim = in.int32();
        if (inputWidth <= 0
                || outputWidth <= 0
                || inputWidth > ContinualModel.MAX_WIDTH
                || outputWidth > ContinualModel.MAX_WIDTH
                || (historyDim != inputWidth && historyDim != inputWidth + 1)) {
            throw in.invalid("modality '" + name + "' has impossible widths " + inputWidth + " -> " + outputWidth);
        }
        boolean compact = in.version() >= 3;
        ModalityState s = new ModalityState(name, inputWidth, outputWidth, historyDim, false, type);
        in.arrayInto(s.weights);
        readMoment(in, compact, s.firstMoment);
        readMoment(in, compact, s.secondMoment);
        int adamStep = in.int32();
        boolean hasHistory = in.bool();
        long count = in.int64();
        double[] z = null;
        double[] zPrime = null;
        if (in.bool()) {
            z = compact ? in.square(historyDim) : in.doubles((long) historyDim * historyDim);
            zPrime = compact ? in.square(outputWidth) : in.doubles((long) outputWidth * outputWidth);
        }
        boolean basesDerived = compact && in.bool();
        BasisShape rightShape = readBasisShape(in, historyDim);
        RangeBasis right = basesDerived ? RangeBasis.zero(historyDim) : readBasisValues(in, rightShape);
        BasisShape leftShape = readBasisShape(in, outputWidth);
        RangeBasis left = basesDerived ? RangeBasis.zero(outputWidth) : readBasisValues(in, leftShape);
        float[] pending = new float[0]; // version 1 wrote every projection back at once
        if (in.version() >= 2) {
            long pendingSize = rightShape.form() == RangeBasis.Form.KEPT ? (long) outputWidth * rightShape.rank() : 0;
            pending = in.floatsInBlocksOf(outputWidth, (int) (pendingSize / outputWidth));
            if (pending.length != 0 && (pending.length != pendingSize || type != DataType.FLOAT)) {
                throw in.invalid("modality '" + name + "' has a pending projection of " + pending.length
                        + " values where its right basis needs " + pendingSize);
            }
        }
        int accumulatorCount = in.int32();
        TreeMap<String, StepAccumulator> accumulators = new TreeMap<>();
        for (int i = 0; i < accumulatorCount; i++) {
            String partner = in.string();
            long n = in.int64();
            double[] sum = compact ? in.square(historyDim) : in.doubles((long) historyDim * historyDim);
            float[] rows = in.version() >= 2
                    ? in.floatsInBlocksOf(historyDim, StepAccumulator.BLOCK_ROWS - 1)
                    : new float[0]; // version 1 folded every batch at once
            accumulators.put(partner, new StepAccumulator(historyDim, type == DataType.DOUBLE, sum, n, rows));
        }
        boolean ewc = in.bool();
        s.adamStep = adamStep;
        s.hasHistory = hasHistory;
        s.count = count;
        s.inputCovariance = z;
        s.outputCovariance = zPrime;
        s.right = right;
        s.left = left;
        s.basesDerived = basesDerived;
        s.restoredRight = rightShape;
        s.restoredLeft = leftShape;
        if (pending.length > 0) {
            s.pending = Nd4j.create(pending, new long[] {outputWidth, pending.length / outputWidth}, 'f');
        }
        s.accumulators.putAll(accumulators);
        if (ewc) {
            s.fisher = s.matrix(outputWidth, inputWidth + 1);
            s.anchor = s.matrix(outputWidth, inputWidth + 1);
            s.squaredGradientSum = s.matrix(outputWidth, inputWidth + 1);
            readMoment(in, compact, s.fisher);
            readMoment(in, compact, s.anchor);
            readMoment(in, compact, s.squaredGradientSum);
            s.fisherBatches = in.int64();
        }
        return s;
    }

    /** Format 3 writes an all-zero array as a marker ({@link StateWriter#arrayOrZero}); formats 1-2 in full. */
    private static void readMoment(StateReader in, boolean compact, INDArray target) {
        if (compact) {
            in.arrayOrZeroInto(target);
        } else {
            in.arrayInto(target);
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

    /** A basis's shape, then its values unless they are derived (null; format 3) or there are none. */
    private static void writeBasis(StateWriter out, BasisShape shape, float[] values) {
        out.int32(shape.form().ordinal()).int32(shape.dim()).int32(shape.rank());
        if (values != null) {
            out.floats(values);
        }
    }

    private static BasisShape readBasisShape(StateReader in, int expectedDim) {
        int form = in.int32();
        int dim = in.int32();
        int rank = in.int32();
        if (form < 0 || form >= RangeBasis.Form.values().length || dim != expectedDim || rank < 0 || rank > dim) {
            throw in.invalid("basis (form " + form + ", dim " + dim + ", rank " + rank + ") does not fit dimension "
                    + expectedDim);
        }
        return new BasisShape(RangeBasis.Form.values()[form], dim, rank);
    }

    private static RangeBasis readBasisValues(StateReader in, BasisShape shape) {
        long columns = switch (shape.form()) {
            case ZERO, IDENTITY -> 0;
            case KEPT -> shape.rank();
            case COMPLEMENT -> shape.dim() - shape.rank();
        };
        return RangeBasis.of(shape.form(), shape.dim(), shape.rank(), in.floats(columns * shape.dim()));
    }
}
