package io.streambind.core.model;

import io.streambind.core.config.DnsConfig;
import io.streambind.core.config.Method;
import io.streambind.core.config.Normalization;
import io.streambind.core.config.Profile;
import io.streambind.core.math.AdamW;
import io.streambind.core.math.DeferredProjection;
import io.streambind.core.math.DiagonalFisher;
import io.streambind.core.math.GradientClipping;
import io.streambind.core.math.Matrices;
import io.streambind.core.math.PairGradient;
import io.streambind.core.math.RangeBasis;
import io.streambind.core.math.SecondMoments;
import io.streambind.core.math.SymmetricEigen;
import io.streambind.core.math.Workspace;
import io.streambind.core.model.BatchProblem.Kind;
import java.util.ArrayList;
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

  /**
   * Largest squared norm of an input row: a float32 block of {@link #STEP_SUM_BLOCK_ROWS} such rows
   * then sums to at most Float.MAX_VALUE / 2 in the step sum's syrk (entries of X^T X are bounded by
   * the sum of the rows' squared norms).
   */
  static final double MAX_ROW_SQUARES = Float.MAX_VALUE / 2.0 / STEP_SUM_BLOCK_ROWS;

  private static final int MAGIC_MODEL = 0x53424d31; // "SBM1"
  private static final int MAGIC_META = 0x53424d4d; // "SBMM"
  private static final int MAGIC_SECTION = 0x53424d53; // "SBMS"
  /**
   * Version of the state format written by {@link #toBytes}: 2 adds the step accumulators'
   * buffered float32 rows; 3 stores all-zero arrays as markers, Z and the step sums as triangles,
   * and no bases (recomputed from Z, Z' on restore). Versions 1 and 2 are still read; newer ones
   * are rejected.
   */
  public static final int FORMAT_VERSION = 3;
  private static final int OLDEST_READABLE_VERSION = 1;

  private final DnsConfig config;
  private final AdamW adamW;
  private final TreeMap<String, ModalityState> modalities = new TreeMap<>();
  private int outputWidth;
  private long step;
  private long samplesSeen;
  private long batchesSeen;
  private long globalCount; // profile paper's single count over all modalities
  private final TreeSet<String> pairsThisStep = new TreeSet<>();
  private long samplesThisStep;
  private final TreeSet<String> dirty = new TreeSet<>();

  private final Workspace workspace = new Workspace();
  private final PairGradient pairGradient = new PairGradient(workspace);

  public ContinualModel(DnsConfig config) {
    this.config = config;
    this.adamW = new AdamW(config.learningRate(), config.beta1(), config.beta2(), config.epsilon(),
        config.weightDecay());
    this.outputWidth = config.outputWidth();
  }

  // ---------------------------------------------------------------- training

  /** Why a batch cannot be trained; null when it can. */
  public BatchProblem problem(BatchShape batch) {
    return problem(batch.modalityA(), batch.inputsA(), batch.widthA(), batch.modalityB(), batch.inputsB(),
        batch.widthB(), batch.rows());
  }

  /** Why a batch cannot be trained; null when it can. */
  public BatchProblem problem(String a, float[] xa, int da, String b, float[] xb, int db, int n) {
    if (a == null || a.isBlank() || b == null || b.isBlank()) {
      return new BatchProblem(Kind.UNNAMED_MODALITY, "The batch does not name both of its modalities.");
    }
    if (a.equals(b)) {
      return new BatchProblem(Kind.SAME_MODALITY,
          "Both sides of the batch are the same modality '" + a + "'; a pair needs two modalities.");
    }
    if (n <= 0) {
      return new BatchProblem(Kind.EMPTY, "The batch is empty (" + n + " rows).");
    }
    if ((long) n * n > Integer.MAX_VALUE) {
      // whatever the configured limits, the n x n score matrices must be addressable by an int
      return new BatchProblem(Kind.BATCH_TOO_LARGE, "The batch has " + n + " rows; its " + n + " x " + n
          + " score matrix has more entries than an array holds.");
    }
    BatchProblem side = sideProblem(a, xa, da, n);
    return side != null ? side : sideProblem(b, xb, db, n);
  }

  private BatchProblem sideProblem(String modality, float[] x, int width, int n) {
    if (width <= 0 || width > MAX_WIDTH) {
      return new BatchProblem(Kind.WIDTH_OUT_OF_RANGE,
          "Modality '" + modality + "' has input width " + width + ", outside 1.." + MAX_WIDTH + ".");
    }
    if (x == null || x.length != (long) n * width) {
      return new BatchProblem(Kind.RAGGED, "Ragged batch: modality '" + modality + "' carries "
          + (x == null ? 0 : x.length) + " values where " + n + " rows of width " + width + " need "
          + (long) n * width + ".");
    }
    ModalityState existing = modalities.get(modality);
    if (existing != null && existing.inputWidth != width) {
      return new BatchProblem(Kind.WIDTH_MISMATCH, "Modality '" + modality + "' has input width " + width
          + " but its head was built for width " + existing.inputWidth + ".");
    }
    for (int row = 0; row < n; row++) {
      double squares = 0;
      for (int i = row * width, end = i + width; i < end; i++) {
        if (!Float.isFinite(x[i])) {
          return new BatchProblem(Kind.NON_FINITE, "Modality '" + modality + "' row " + row + " column "
              + (i - row * width) + " holds a non-finite value (" + x[i] + ").");
        }
        squares += (double) x[i] * x[i];
      }
      if (squares > MAX_ROW_SQUARES) {
        return new BatchProblem(Kind.VALUE_OVERFLOW, "Modality '" + modality + "' row " + row
            + " has squared norm " + squares + ": its float32 second moments would overflow (limit "
            + MAX_ROW_SQUARES + ").");
      }
    }
    return null;
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
    String a = sa.name;
    String b = sb.name;
    INDArray inputA = loadInputs(sa, xa, n, "train.xa");
    INDArray inputB = loadInputs(sb, xb, n, "train.xb");
    boolean exact = config.profile() == Profile.EXACT;
    Method method = config.method();

    double loss;
    double gradientNorm;
    double clip;
    if (method == Method.EWC) {
      // the penalty is dense, so the gradients are formed before they are clipped
      loss = pairGradient.compute(inputA, sa.weights, inputB, sb.weights, config.temperature(), exact,
          sa.gradient, sb.gradient);
      double lossGradientNorm = GradientClipping.globalNorm(sa.gradient, sb.gradient);
      requireFiniteUpdate(loss, lossGradientNorm, GradientClipping.scale(lossGradientNorm, config.clipNorm()));
      addEwcPenalty(sa);
      addEwcPenalty(sb);
      gradientNorm = GradientClipping.globalNorm(sa.gradient, sb.gradient);
      clip = GradientClipping.scale(gradientNorm, config.clipNorm());
      if (clip != 1.0) {
        scale(sa.gradient, clip);
        scale(sb.gradient, clip);
      }
    } else {
      // G~ = dY^T X~ has rank <= n: clip from two n x n Grams, fold the factor into the one GEMM
      loss = pairGradient.outputGradients(inputA, sa.weights, sa.outputCorrection(), inputB, sb.weights,
          sb.outputCorrection(), config.temperature(), exact);
      gradientNorm = Math.sqrt(pairGradient.squaredHeadGradientNorm(pairGradient.outputGradientA(), inputA)
          + pairGradient.squaredHeadGradientNorm(pairGradient.outputGradientB(), inputB));
      clip = GradientClipping.scale(gradientNorm, config.clipNorm());
    }
    requireFiniteUpdate(loss, gradientNorm, clip);

    double before;
    double after;
    if (!method.usesHistory()) {
      formGradients(method, inputA, inputB, sa, sb, clip);
      before = after = Math.sqrt(update(sa) + update(sb));
    } else if (exact) {
      formGradients(method, inputA, inputB, sa, sb, clip);
      DeferredProjection.Norms normsA = projectStep(sa, update(sa));
      DeferredProjection.Norms normsB = projectStep(sb, update(sb));
      before = Math.sqrt(normsA.before() + normsB.before());
      after = Math.sqrt(normsA.after() + normsB.after());
    } else {
      // profile paper: project the clipped raw gradient c dY^T X on the W columns; bias unprojected
      before = clip * gradientNorm;
      after = clip * Math.sqrt(projectedRawGradient(sa, pairGradient.outputGradientA(), inputA, clip)
          + projectedRawGradient(sb, pairGradient.outputGradientB(), inputB, clip));
      update(sa);
      update(sb);
    }

    if (method.usesHistory()) {
      accumulate(sa, b, n);
      accumulate(sb, a, n);
    }
    pairsThisStep.add(pairKey(a, b));
    samplesThisStep += n;
    samplesSeen += n;
    batchesSeen++;
    dirty.add(a);
    dirty.add(b);
    return new BatchResult(loss, gradientNorm, before, after, System.nanoTime() - start);
  }

  /**
   * Rejects the batch before anything is updated when the loss or the gradient is not finite, or when
   * the clipped gradient is so large that its square overflows the float32 second moment of AdamW.
   */
  private static void requireFiniteUpdate(double loss, double gradientNorm, double clip) {
    double clipped = clip * gradientNorm;
    if (!Double.isFinite(loss) || !Double.isFinite(clipped) || clipped * clipped >= Float.MAX_VALUE) {
      throw new RejectedBatchException(new BatchProblem(Kind.NON_FINITE_UPDATE, "The update of this batch is not"
          + " finite in float32 (loss " + loss + ", clipped gradient norm " + clipped + "); the model is unchanged."));
    }
  }

  private ModalityState headFor(String modality, int width) {
    ModalityState s = modalities.get(modality);
    if (s == null) {
      if (outputWidth == 0) {
        outputWidth = width;
      }
      int historyDim = config.profile() == Profile.EXACT ? width + 1 : width;
      s = new ModalityState(modality, width, outputWidth, historyDim, config.method() == Method.EWC);
      modalities.put(modality, s);
    }
    return s;
  }

  /** Copies row-major inputs into the augmented column-major X~ = [X | 1] (n x (d+1)) of the workspace. */
  private INDArray loadInputs(ModalityState s, float[] x, int n, String name) {
    int d = s.inputWidth;
    INDArray augmented = workspace.matrix(name, DataType.FLOAT, n, d + 1);
    if (s.staging.length != n * (d + 1)) {
      s.staging = new float[n * (d + 1)];
    }
    float[] staging = s.staging;
    boolean l2 = config.normalization() == Normalization.L2;
    for (int i = 0; i < n; i++) {
      float scale = 1f;
      if (l2) {
        double norm = 0;
        for (int j = 0; j < d; j++) {
          norm += (double) x[i * d + j] * x[i * d + j];
        }
        scale = norm > 0 ? (float) (1 / Math.sqrt(norm)) : 1f;
      }
      for (int j = 0; j < d; j++) {
        staging[j * n + i] = x[i * d + j] * scale;
      }
      staging[d * n + i] = 1f;
    }
    Matrices.storage(augmented).put(0, staging); // one bulk copy; setData copies element by element
    return augmented;
  }

  /** Adam moments, the AdamW step of one head into {@code s.step}, added to W~; returns ||step||^2. */
  private double update(ModalityState s) {
    s.adamStep++;
    return adamW.applyStep(s.weights, s.gradient, s.firstMoment, s.secondMoment, s.adamStep, s.inputWidth, s.step);
  }

  /**
   * Turns the AdamW step just added to the head into its projection Δ - L Δ R. With a kept right
   * basis the range-side write-back is deferred (one d_out x dim x k GEMM per iteration instead of
   * two); otherwise L Δ R is subtracted from W~ now. Returns the squared norms before and after;
   * ||Δ - L Δ R||^2 = ||Δ||^2 - ||L Δ R||^2 as the projection is orthogonal.
   */
  private DeferredProjection.Norms projectStep(ModalityState s, double stepSquares) {
    if (s.left().form() != RangeBasis.Form.ZERO && s.right().form() == RangeBasis.Form.KEPT) {
      if (s.pending == null) {
        s.pending = Nd4j.create(DataType.FLOAT, new long[] {s.outputWidth, s.right().basis().columns()}, 'f');
      }
      return s.deferred.completeStep(s.step, stepSquares, s.weights, s.pending, s.left(), s.right(),
          config.learningRate() * config.weightDecay());
    }
    double removed = s.projection.subtractProjected(s.step, s.weights, s.left(), s.right());
    return new DeferredProjection.Norms(stepSquares, Math.max(0, stepSquares - removed));
  }

  /** G~ = c dY^T X~ for both heads, unless EWC already formed (and clipped) them. */
  private void formGradients(Method method, INDArray inputA, INDArray inputB, ModalityState sa, ModalityState sb,
      double clip) {
    if (method != Method.EWC) {
      PairGradient.headGradient(pairGradient.outputGradientA(), inputA, sa.gradient, clip);
      PairGradient.headGradient(pairGradient.outputGradientB(), inputB, sb.gradient, clip);
    }
  }

  // level-1 BLAS on whole heads: ND4J's element-wise ops are far slower on shared cores
  private static void scale(INDArray a, double factor) {
    Nd4j.getBlasWrapper().level1().scal(a.length(), factor, a);
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
    s.projection.projectRawGradient(Matrices.leadingColumns(s.gradient, s.inputWidth), dY, inputs, s.left(),
        s.right(), clip);
    double norm = Matrices.norm(s.gradient) / clip;
    return norm * norm;
  }

  /** Adds this batch's raw (paper) or augmented (exact) inputs, still in the staging array, to S_{m|mp}. */
  private static void accumulate(ModalityState s, String partner, int n) {
    s.accumulator(partner).add(s.staging, n);
  }

  /** Adds lambda F (theta - theta*) to the loss gradient, after recording the loss gradient for F. */
  private void addEwcPenalty(ModalityState s) {
    DiagonalFisher.recordAndPenalize(s.gradient, s.squaredGradientSum, s.fisher, s.anchor, s.weights,
        config.ewcLambda(), s.hasHistory);
    s.fisherBatches++;
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
      foldHistory(pairs);
    }
    if (config.method() == Method.EWC) {
      foldFisher();
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
    return new StepResult(ended, pairs.isEmpty(), pairs, samples, Collections.unmodifiableSortedMap(ranks),
        System.nanoTime() - start);
  }

  private void foldHistory(List<String> pairs) {
    TreeSet<String> changed = new TreeSet<>();
    for (String pair : pairs) {
      int bar = pair.indexOf('|');
      ModalityState sa = modalities.get(pair.substring(0, bar));
      ModalityState sb = modalities.get(pair.substring(bar + 1));
      StepAccumulator accA = sa.accumulators.get(sb.name);
      StepAccumulator accB = sb.accumulators.get(sa.name);
      long added = accA.count;
      double[] sumA = accA.symmetricSum();
      double[] sumB = accB.symmetricSum();
      double[] partnerOfB = projectedSecondMoment(sa, sumA);
      double[] partnerOfA = projectedSecondMoment(sb, sumB);
      if (config.profile() == Profile.EXACT) {
        fold(sa, sumA, partnerOfA, sa.count, added);
        fold(sb, sumB, partnerOfB, sb.count, added);
        sa.count += added;
        sb.count += added;
      } else {
        fold(sa, sumA, partnerOfA, globalCount, added);
        fold(sb, sumB, partnerOfB, globalCount, added);
        globalCount += added;
      }
      changed.add(sa.name);
      changed.add(sb.name);
    }
    for (ModalityState s : modalities.values()) {
      s.accumulators.values().forEach(StepAccumulator::release);
      s.accumulators.clear();
    }
    for (String name : changed) {
      refreshBases(modalities.get(name));
    }
  }

  /** W S W^T in double with the end-of-step weights (W~ in profile exact, W without bias in paper). */
  private static double[] projectedSecondMoment(ModalityState s, double[] sum) {
    return SecondMoments.projected(Matrices.storage(s.weights), s.outputWidth, s.historyDim, sum);
  }

  /** Z <- (n Z + S) / (n + N) and Z' <- (n Z' + W_p S_p W_p^T) / (n + N). */
  private static void fold(ModalityState s, double[] sum, double[] partnerSecondMoment, long n, long added) {
    if (s.inputCovariance == null) {
      s.inputCovariance = new double[s.historyDim * s.historyDim];
      s.outputCovariance = new double[s.outputWidth * s.outputWidth];
    }
    SecondMoments.foldMean(s.inputCovariance, n, sum, added);
    SecondMoments.foldMean(s.outputCovariance, n, partnerSecondMoment, added);
  }

  /** The bases of Z and Z' (a deterministic function of them and the config, so format 3 need not store them). */
  private void refreshBases(ModalityState s) {
    s.hasHistory = true;
    RangeBasis right = RangeBasis.above(SymmetricEigen.of(s.inputCovariance, s.historyDim), config.lambdaMin());
    RangeBasis left;
    boolean leftIsIdentity = config.method() == Method.INPUT_NULL
        || (config.profile() == Profile.PAPER && config.rho() == 0);
    if (leftIsIdentity) {
      left = RangeBasis.identity(s.outputWidth);
    } else {
      SymmetricEigen eigen = SymmetricEigen.of(s.outputCovariance, s.outputWidth);
      left = eigen.largest() > 0 ? RangeBasis.above(eigen, config.rho() * eigen.largest())
          : RangeBasis.zero(s.outputWidth);
    }
    s.setDerivedBases(right, left);
  }

  private void foldFisher() {
    for (ModalityState s : modalities.values()) {
      if (s.fisherBatches > 0) {
        DiagonalFisher.fold(s.fisher, s.squaredGradientSum, s.fisherBatches, s.anchor, s.weights);
        s.fisherBatches = 0;
        s.hasHistory = true;
      }
    }
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
    INDArray input = augmentedInputs(x, n, s.inputWidth);
    INDArray y = Nd4j.create(DataType.FLOAT, new long[] {n, outputWidth}, 'f');
    Nd4j.gemm(input, s.weights, y, false, true, 1.0, 0.0);
    s.correctOutputsConcurrently(input, y);
    return Matrices.rowMajor(y);
  }

  /** A new column-major X~ = [X | 1] (n x (d+1)) holding the values {@link #loadInputs} would stage. */
  private INDArray augmentedInputs(float[] x, int n, int d) {
    float[] columns = new float[n * (d + 1)];
    boolean l2 = config.normalization() == Normalization.L2;
    for (int i = 0; i < n; i++) {
      float scale = 1f;
      if (l2) {
        double norm = 0;
        for (int j = 0; j < d; j++) {
          norm += (double) x[i * d + j] * x[i * d + j];
        }
        scale = norm > 0 ? (float) (1 / Math.sqrt(norm)) : 1f;
      }
      for (int j = 0; j < d; j++) {
        columns[j * n + i] = x[i * d + j] * scale;
      }
      columns[d * n + i] = 1f;
    }
    return Nd4j.create(columns, new long[] {n, d + 1}, 'f');
  }

  public DnsConfig config() { return config; }

  /** Number of completed steps (the step now in progress). */
  public long step() { return step; }

  public long samplesSeen() { return samplesSeen; }

  public long batchesSeen() { return batchesSeen; }

  public boolean hasModality(String modality) { return modalities.containsKey(modality); }

  public int modalityCount() { return modalities.size(); }

  public SortedSet<String> modalities() {
    return Collections.unmodifiableSortedSet(new TreeSet<>(modalities.keySet()));
  }

  public int inputWidth(String modality) { return state(modality).inputWidth; }

  /** Shared output width; 0 before the first modality when the config leaves it open. */
  public int outputWidth() { return outputWidth; }

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
  public RangeBasis rightBasis(String modality) { return state(modality).right(); }

  public RangeBasis leftBasis(String modality) { return state(modality).left(); }

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
        carried.put(s.name, new HeadsSnapshot.StoredHead(s.inputWidth, s.outputWidth,
            Matrices.storage(s.effectiveWeights())));
      } else {
        references.put(s.name, new HeadsSnapshot.Reference(s.inputWidth, s.outputWidth, version));
      }
    }
    return HeadsSnapshot.encode(provenance(), carried, references);
  }

  private ModalityState state(String modality) {
    ModalityState s = modalities.get(modality);
    if (s == null) {
      throw new IllegalArgumentException("unknown modality '" + modality + "' (known: " + modalities.keySet() + ")");
    }
    return s;
  }

  // ---------------------------------------------------------------- state codec

  /** The whole state, bit-exact: {@code fromBytes(toBytes())} continues exactly where this model is. */
  public byte[] toBytes() {
    StateWriter out = new StateWriter().int32(MAGIC_MODEL).int32(FORMAT_VERSION).bytes(metaBytes());
    out.int32(modalities.size());
    for (String name : modalities.keySet()) {
      out.string(name).bytes(sectionBytes(name));
    }
    return out.toBytes();
  }

  public static ContinualModel fromBytes(byte[] bytes) {
    StateReader in = new StateReader(bytes, "model state").expectHeader(MAGIC_MODEL, OLDEST_READABLE_VERSION, FORMAT_VERSION);
    byte[] meta = in.bytes();
    int count = in.int32();
    Map<String, byte[]> sections = new TreeMap<>();
    for (int i = 0; i < count; i++) {
      sections.put(in.string(), in.bytes());
    }
    in.expectEnd();
    return fromSections(meta, sections);
  }

  /** Model-wide state: config, counters, the step's trained pairs and the list of modalities. */
  public byte[] metaBytes() {
    StateWriter out = new StateWriter().int32(MAGIC_META).int32(FORMAT_VERSION);
    SortedMap<String, String> map = config.toMap();
    out.int32(map.size());
    map.forEach((k, v) -> out.string(k).string(v));
    out.int32(outputWidth).int64(step).int64(samplesSeen).int64(batchesSeen).int64(globalCount);
    out.int32(pairsThisStep.size());
    pairsThisStep.forEach(out::string);
    out.int64(samplesThisStep);
    out.int32(modalities.size());
    modalities.keySet().forEach(out::string);
    return out.toBytes();
  }

  /** Everything kept for one modality. */
  public byte[] sectionBytes(String modality) {
    ModalityState s = state(modality);
    long hint = s.encodedSizeAfterStepEnd();
    StateWriter out = new StateWriter((int) Math.min(hint, Integer.MAX_VALUE - 8)).int32(MAGIC_SECTION)
        .int32(FORMAT_VERSION);
    s.writeTo(out);
    return out.toBytes();
  }

  /** Modalities whose section changed since the last {@link #markClean} (the meta changes with every batch). */
  public Set<String> dirtySections() {
    return Collections.unmodifiableSet(new TreeSet<>(dirty));
  }

  public void markClean() {
    dirty.clear();
  }

  public static ContinualModel fromSections(byte[] meta, Map<String, byte[]> sections) {
    StateReader in = new StateReader(meta, "model meta").expectHeader(MAGIC_META, OLDEST_READABLE_VERSION, FORMAT_VERSION);
    int keys = in.int32();
    Map<String, String> configMap = new TreeMap<>();
    for (int i = 0; i < keys; i++) {
      configMap.put(in.string(), in.string());
    }
    ContinualModel model;
    try {
      model = new ContinualModel(DnsConfig.parse(configMap));
    } catch (IllegalArgumentException e) {
      throw new StateFormatException("model meta holds an invalid configuration: " + e.getMessage());
    }
    model.outputWidth = in.int32();
    model.step = in.int64();
    model.samplesSeen = in.int64();
    model.batchesSeen = in.int64();
    model.globalCount = in.int64();
    int pairs = in.int32();
    for (int i = 0; i < pairs; i++) {
      model.pairsThisStep.add(in.string());
    }
    model.samplesThisStep = in.int64();
    int count = in.int32();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      names.add(in.string());
    }
    in.expectEnd();
    if (!new TreeSet<>(names).equals(new TreeSet<>(sections.keySet()))) {
      throw new StateFormatException("model meta lists modalities " + names + " but the sections are "
          + new TreeSet<>(sections.keySet()));
    }
    for (String name : names) {
      StateReader section = new StateReader(sections.get(name), "section '" + name + "'")
          .expectHeader(MAGIC_SECTION, OLDEST_READABLE_VERSION, FORMAT_VERSION);
      ModalityState s = ModalityState.readFrom(section);
      section.expectEnd();
      if (s.basesDerived && s.inputCovariance != null) {
        s.computeBasesOnFirstUse(model::refreshBases);
      }
      if (!s.name.equals(name) || s.outputWidth != model.outputWidth
          || s.historyDim != (model.config.profile() == Profile.EXACT ? s.inputWidth + 1 : s.inputWidth)) {
        throw new StateFormatException("section '" + name + "' does not match the model meta");
      }
      model.modalities.put(name, s);
    }
    return model;
  }
}
