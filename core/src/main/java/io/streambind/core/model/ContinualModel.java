package io.streambind.core.model;

import io.streambind.core.config.DnsConfig;
import io.streambind.core.config.Method;
import io.streambind.core.config.Precision;
import io.streambind.core.config.Profile;
import io.streambind.core.math.Matrices;
import io.streambind.core.math.PairGradient;
import io.streambind.core.math.RangeBasis;
import io.streambind.core.math.Workspace;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The state of one continual model: every modality head, Adam state, covariance history, bases,
 * step accumulators, step number and provenance (docs/ARCHITECTURE.md, dns-spec.md sections 1-5).
 * Single-threaded: the stream thread owns it. Deterministic: the same calls give the same bytes.
 */
public final class ContinualModel {
    /** Largest input or output width accepted; a wider head would not fit in memory. */
    public static final int MAX_WIDTH = 16_384;

    /**
     * Input rows gathered per step sum before one float32 syrk folds them into the double sum S:
     * large enough for syrk to run near its square-GEMM rate (CoreBenchmark prints the comparison).
     */
    public static final int STEP_SUM_BLOCK_ROWS = 512;

    final DnsConfig config;
    /** FLOAT or DOUBLE, from {@link DnsConfig#precision()}: the type of every head-shaped array. */
    final DataType type;

    private final UpdateStrategy update;
    final HistoryFold history;
    final TreeMap<String, ModalityState> modalities = new TreeMap<>();
    int outputWidth;
    long step;
    long samplesSeen;
    long batchesSeen;
    long globalCount; // profile paper's single count over all modalities
    final TreeSet<String> pairsThisStep = new TreeSet<>();
    long samplesThisStep;
    private final TreeSet<String> dirty = new TreeSet<>();

    private final Workspace workspace = new Workspace();
    private final AugmentedInputs inputs;

    public ContinualModel(DnsConfig config) {
        this.config = config;
        this.type = config.precision() == Precision.FLOAT64 ? DataType.DOUBLE : DataType.FLOAT;
        this.update = UpdateStrategy.of(config, new PairGradient(workspace));
        this.history = new HistoryFold(config);
        this.inputs = new AugmentedInputs(config.normalization(), type, workspace);
        this.outputWidth = config.outputWidth();
    }

    // ---------------------------------------------------------------- training

    /** Why a batch cannot be trained; null when it can. */
    public BatchProblem problem(BatchShape batch) {
        return problem(
                batch.modalityA(),
                batch.inputsA(),
                batch.widthA(),
                batch.modalityB(),
                batch.inputsB(),
                batch.widthB(),
                batch.rows());
    }

    /** Why a batch cannot be trained; null when it can. */
    public BatchProblem problem(String a, float[] xa, int da, String b, float[] xb, int db, int n) {
        return BatchValidation.problem(a, xa, da, b, xb, db, n, this::headWidth);
    }

    /** The input width of the modality's head, 0 when it has none. */
    private int headWidth(String modality) {
        ModalityState s = modalities.get(modality);
        return s == null ? 0 : s.inputWidth;
    }

    /**
     * One training iteration on n pairs (row-major float32 inputs): forward, InfoNCE, gradients,
     * clipping, projection, AdamW, plus the step accumulators.
     *
     * @throws RejectedBatchException when {@link #problem} finds one
     */
    public BatchResult train(String a, float[] xa, int da, String b, float[] xb, int db, int n) {
        long start = System.nanoTime();
        BatchProblem problem = problem(a, xa, da, b, xb, db, n);
        if (problem != null) {
            throw new RejectedBatchException(problem);
        }
        boolean newA = !modalities.containsKey(a);
        boolean newB = !modalities.containsKey(b);
        int outputWidthBefore = outputWidth;
        try {
            return train(headFor(a, da), xa, headFor(b, db), xb, n, start);
        } catch (RejectedBatchException e) {
            // the guards reject before any state changes; only the heads made for this batch go again
            if (newA) {
                modalities.remove(a);
            }
            if (newB) {
                modalities.remove(b);
            }
            outputWidth = outputWidthBefore;
            throw e;
        }
    }

    private BatchResult train(ModalityState sa, float[] xa, ModalityState sb, float[] xb, int n, long start) {
        UpdateStrategy.Pair pair =
                new UpdateStrategy.Pair(sa, inputs.load(sa, xa, n, "train.xa"), sb, inputs.load(sb, xb, n, "train.xb"));
        UpdateStrategy.Gradient gradient = update.gradient(pair);
        UpdateStrategy.StepNorms norms = update.update(pair, gradient);
        if (config.method().usesHistory()) {
            // the step sums take the inputs as loaded, still in the staging arrays
            sa.accumulateStaged(sb.name, n);
            sb.accumulateStaged(sa.name, n);
        }
        pairsThisStep.add(pairKey(sa.name, sb.name));
        samplesThisStep += n;
        samplesSeen += n;
        batchesSeen++;
        dirty.add(sa.name);
        dirty.add(sb.name);
        return new BatchResult(
                gradient.loss(), gradient.norm(), norms.before(), norms.after(), System.nanoTime() - start);
    }

    private ModalityState headFor(String modality, int width) {
        ModalityState s = modalities.get(modality);
        if (s == null) {
            if (outputWidth == 0) {
                outputWidth = width;
            }
            int historyDim = config.profile() == Profile.EXACT ? width + 1 : width;
            s = new ModalityState(modality, width, outputWidth, historyDim, config.method() == Method.EWC, type);
            modalities.put(modality, s);
        }
        return s;
    }

    private static String pairKey(String a, String b) {
        return a.compareTo(b) < 0 ? a + "|" + b : b + "|" + a;
    }

    // ---------------------------------------------------------------- step end

    /** Folds the step's accumulators into the history, refreshes the bases and advances the step. */
    public StepResult endStep() {
        long start = System.nanoTime();
        long ended = step;
        List<String> pairs = List.copyOf(pairsThisStep);
        long samples = samplesThisStep;
        for (ModalityState s : modalities.values()) {
            s.materialize(); // W S W^T and the new bases need the heads as plain matrices
        }
        if (config.method().usesHistory()) {
            globalCount = history.foldPairs(modalities, pairs, globalCount);
        }
        if (config.method() == Method.EWC) {
            HistoryFold.foldFisher(modalities.values());
        }
        for (ModalityState s : modalities.values()) {
            if (s.adamStep > 0) {
                s.resetAdam();
                dirty.add(s.name);
            }
        }
        pairsThisStep.clear();
        samplesThisStep = 0;
        step++;
        SortedMap<String, Ranks> ranks = new TreeMap<>();
        for (ModalityState s : modalities.values()) {
            ranks.put(s.name, new Ranks(s.right().rank(), s.left().rank()));
        }
        return new StepResult(
                ended,
                pairs.isEmpty(),
                pairs,
                samples,
                Collections.unmodifiableSortedMap(ranks),
                System.nanoTime() - start);
    }

    // ---------------------------------------------------------------- serving and accessors

    /**
     * Projected rows W~ [x; 1] of n row-major inputs, row-major n x d_out. Several threads may embed
     * at once while nothing trains this instance (serving shares one decoded snapshot): every call
     * works in arrays of its own, and bases left for first use are computed once.
     */
    public float[] embed(String modality, float[] x, int n) {
        ModalityState s = state(modality);
        if (n <= 0 || x == null || x.length != (long) n * s.inputWidth) {
            throw new IllegalArgumentException("embed needs " + n + " rows of width " + s.inputWidth + " for modality '"
                    + modality + "', got " + (x == null ? 0 : x.length) + " values");
        }
        INDArray input = inputs.copy(x, n, s.inputWidth);
        INDArray y = Nd4j.create(type, new long[] {n, outputWidth}, 'f');
        Nd4j.gemm(input, s.weights, y, false, true, 1.0, 0.0);
        s.correctOutputsConcurrently(input, y);
        return Matrices.rowMajor(y);
    }

    public DnsConfig config() {
        return config;
    }

    /** Number of completed steps (the step now in progress). */
    public long step() {
        return step;
    }

    public long samplesSeen() {
        return samplesSeen;
    }

    public long batchesSeen() {
        return batchesSeen;
    }

    public boolean hasModality(String modality) {
        return modalities.containsKey(modality);
    }

    public int modalityCount() {
        return modalities.size();
    }

    public SortedSet<String> modalities() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(modalities.keySet()));
    }

    public int inputWidth(String modality) {
        return state(modality).inputWidth;
    }

    /** Shared output width; 0 before the first modality when the config leaves it open. */
    public int outputWidth() {
        return outputWidth;
    }

    public Ranks ranks(String modality) {
        ModalityState s = state(modality);
        return new Ranks(s.right().rank(), s.left().rank());
    }

    /** A copy of W (row-major d_out x d). */
    public float[] weights(String modality) {
        ModalityState s = state(modality);
        return Matrices.rowMajor(s.effectiveWeights(), s.inputWidth);
    }

    /** A copy of b (d_out). */
    public float[] bias(String modality) {
        ModalityState s = state(modality);
        return s.effectiveWeights().getColumn(s.inputWidth).dup().data().asFloat();
    }

    /** Bases of a modality's projectors (read-only views, for evaluation and tests). */
    public RangeBasis rightBasis(String modality) {
        return state(modality).right();
    }

    public RangeBasis leftBasis(String modality) {
        return state(modality).left();
    }

    /** Z (double, column-major copy) or null before the modality's first step end. */
    public double[] inputCovariance(String modality) {
        double[] z = state(modality).inputCovariance;
        return z == null ? null : z.clone();
    }

    /** Z' (double, column-major copy) or null before the modality's first step end. */
    public double[] outputCovariance(String modality) {
        double[] z = state(modality).outputCovariance;
        return z == null ? null : z.clone();
    }

    public Provenance provenance() {
        return new Provenance(config.toMap(), step, samplesSeen, batchesSeen);
    }

    public HeadsSnapshot heads() {
        SortedMap<String, HeadsSnapshot.Head> heads = new TreeMap<>();
        for (ModalityState s : modalities.values()) {
            heads.put(s.name, new HeadsSnapshot.Head(s.inputWidth, s.outputWidth, weights(s.name), bias(s.name)));
        }
        return new HeadsSnapshot(provenance(), heads);
    }

    /**
     * The heads snapshot as a version to publish, written straight from the heads' storage: it carries every
     * head except those of {@code carriedBy}, for which it names the earlier version that carries them.
     * With an empty map, the bytes of {@code heads().toBytes()}.
     */
    public byte[] headsBytes(Map<String, Long> carriedBy) {
        SortedMap<String, HeadsSnapshot.StoredHead> carried = new TreeMap<>();
        SortedMap<String, HeadsSnapshot.Reference> references = new TreeMap<>();
        for (ModalityState s : modalities.values()) {
            Long version = carriedBy.get(s.name);
            if (version == null) {
                carried.put(
                        s.name,
                        new HeadsSnapshot.StoredHead(
                                s.inputWidth, s.outputWidth, Matrices.storage(Matrices.float32(s.effectiveWeights()))));
            } else {
                references.put(s.name, new HeadsSnapshot.Reference(s.inputWidth, s.outputWidth, version));
            }
        }
        return HeadsSnapshot.encode(provenance(), carried, references);
    }

    private ModalityState state(String modality) {
        ModalityState s = modalities.get(modality);
        if (s == null) {
            throw new IllegalArgumentException(
                    "unknown modality '" + modality + "' (known: " + modalities.keySet() + ")");
        }
        return s;
    }

    // ---------------------------------------------------------------- state (ModelCodec)

    /** The whole state, bit-exact: {@code fromBytes(toBytes())} continues exactly where this model is. */
    public byte[] toBytes() {
        return ModelCodec.toBytes(this);
    }

    public static ContinualModel fromBytes(byte[] bytes) {
        return ModelCodec.fromBytes(bytes);
    }

    /** Model-wide state: config, counters, the step's trained pairs and the list of modalities. */
    public byte[] metaBytes() {
        return ModelCodec.metaBytes(this);
    }

    /** Everything kept for one modality. */
    public byte[] sectionBytes(String modality) {
        return ModelCodec.sectionBytes(state(modality));
    }

    public static ContinualModel fromSections(byte[] meta, Map<String, byte[]> sections) {
        return ModelCodec.fromSections(meta, sections);
    }

    /** Modalities whose section changed since the last {@link #markClean} (the meta changes with every batch). */
    public Set<String> dirtySections() {
        return Collections.unmodifiableSet(new TreeSet<>(dirty));
    }

    public void markClean() {
        dirty.clear();
    }
}
