package io.streambind.core.model;

import io.streambind.core.math.Matrices;
import io.streambind.core.math.RangeBasis;
import java.util.Map;
import java.util.TreeMap;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The section of one modality in the state format ({@link ModelCodec}): its head, Adam moments, history,
 * bases (as shapes when they are derived), pending projection, step accumulators and EWC state. Writes format
 * 3; reads formats 1 to 3.
 */
final class SectionCodec {
    private SectionCodec() {}

    /**
     * Bytes {@link #write} needs right after a step end (Adam moments zero, no accumulators), the common
     * snapshot: a writer of this size holds it without growing or copying.
     */
    static long encodedSizeAfterStepEnd(ModalityState s) {
        long size = (long) s.type.width() * s.weights.length();
        if (s.inputCovariance != null) {
            size += 8
                    * (SquareLayout.SYMMETRIC.storedValues(s.historyDim)
                            + SquareLayout.SYMMETRIC.storedValues(s.outputWidth));
        }
        size += s.pending == null ? 0 : 4L * s.pending.length();
        return size + 1024 + 4L * s.name.length(); // counts, flags, shapes and the name
    }

    /** Writes the current format (3): all-zero arrays as markers, Z and S as triangles, derived bases as a flag. */
    static void write(ModalityState s, StateWriter out) {
        out.string(s.name).int32(s.inputWidth).int32(s.outputWidth).int32(s.historyDim);
        out.array(s.weights)
                .arrayOrZero(s.firstMoment)
                .arrayOrZero(s.secondMoment)
                .int32(s.adamStep);
        out.bool(s.hasHistory).int64(s.count);
        out.bool(s.inputCovariance != null);
        if (s.inputCovariance != null) {
            out.square(s.inputCovariance, s.historyDim).square(s.outputCovariance, s.outputWidth);
        }
        out.bool(s.basesDerived);
        writeBasis(out, s.rightShapeToWrite(), s.basesDerived ? null : s.storedRightValues());
        writeBasis(out, s.leftShapeToWrite(), s.basesDerived ? null : s.storedLeftValues());
        if (s.pending == null) {
            out.floats(new float[0]);
        } else {
            out.floats(Matrices.storage(s.pending), 0, (int) s.pending.length());
        }
        out.int32(s.accumulators.size());
        for (Map.Entry<String, StepAccumulator> e : s.accumulators.entrySet()) {
            StepAccumulator acc = e.getValue();
            out.string(e.getKey())
                    .int64(acc.count)
                    .square(acc.storedSum(), s.historyDim)
                    .floats(acc.bufferedRows());
        }
        out.bool(s.fisher != null);
        if (s.fisher != null) {
            out.arrayOrZero(s.fisher)
                    .arrayOrZero(s.anchor)
                    .arrayOrZero(s.squaredGradientSum)
                    .int64(s.fisherBatches);
        }
    }

    /**
     * Reads a section of format 1 to 3. With {@code basesDerived} set (format 3) only the bases'
     * shapes are read: the caller hands {@link ModalityState#computeBasesOnFirstUse} the computation, which needs
     * the model's config.
     */
    static ModalityState read(StateReader in, DataType type) {
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
        ModalityState.BasisShape rightShape = readBasisShape(in, historyDim);
        RangeBasis right = basesDerived ? RangeBasis.zero(historyDim) : readBasisValues(in, rightShape);
        ModalityState.BasisShape leftShape = readBasisShape(in, outputWidth);
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
        s.restoreBases(right, rightShape, left, leftShape, basesDerived);
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

    /** A basis's shape, then its values unless they are derived (null; format 3) or there are none. */
    private static void writeBasis(StateWriter out, ModalityState.BasisShape shape, float[] values) {
        out.int32(shape.form().ordinal()).int32(shape.dim()).int32(shape.rank());
        if (values != null) {
            out.floats(values);
        }
    }

    private static ModalityState.BasisShape readBasisShape(StateReader in, int expectedDim) {
        int form = in.int32();
        int dim = in.int32();
        int rank = in.int32();
        if (form < 0 || form >= RangeBasis.Form.values().length || dim != expectedDim || rank < 0 || rank > dim) {
            throw in.invalid("basis (form " + form + ", dim " + dim + ", rank " + rank + ") does not fit dimension "
                    + expectedDim);
        }
        return new ModalityState.BasisShape(RangeBasis.Form.values()[form], dim, rank);
    }

    private static RangeBasis readBasisValues(StateReader in, ModalityState.BasisShape shape) {
        long columns = switch (shape.form()) {
            case ZERO, IDENTITY -> 0;
            case KEPT -> shape.rank();
            case COMPLEMENT -> shape.dim() - shape.rank();
        };
        return RangeBasis.of(shape.form(), shape.dim(), shape.rank(), in.floats(columns * shape.dim()));
    }
}
