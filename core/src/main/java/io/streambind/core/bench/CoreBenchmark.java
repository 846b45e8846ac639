package io.streambind.core.bench;

import io.streambind.core.config.DnsConfig;
import io.streambind.core.math.RangeBasis;
import io.streambind.core.model.ContinualModel;
import io.streambind.core.model.StepResult;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Prints what one training iteration costs for vanilla, dns/paper and dns/exact on a pair of
 * modalities with history, next to the float32 GEMM rates measured in the same run, and the
 * step-end refresh time. Figures only; ratios within one run are what to compare on shared machines.
 */
public final class CoreBenchmark {
  private static final String A = "text";
  private static final String B = "video";

  /** Sizes of a run: width d of both modalities, batch rows n, timed and warm-up iterations. */
  public record Options(int dim, int batch, int iterations, int warmup, int historyBatches) {
    public static Options defaults() {
      return new Options(1024, 64, 30, 10, 24);
    }
  }

  private CoreBenchmark() {}

  public static void main(String[] args) {
    run(System.out, Options.defaults());
  }

  public static void run(PrintStream out, Options o) {
    int d = o.dim();
    int n = o.batch();
    out.printf("StreamBind core benchmark: d=%d, n=%d, %d timed iterations after %d warm-up (median), OPENBLAS_CORETYPE=%s%n",
        d, n, o.iterations(), o.warmup(), System.getenv().getOrDefault("OPENBLAS_CORETYPE", "(unset)"));
    double square = gemmRate(d, d, d, o);
    double skinny = gemmRate(n, d, d, o);
    out.printf("fp32 GEMM %dx%dx%d: %.1f GFLOP/s; %dx%dx%d (per-batch shape): %.1f GFLOP/s (%.0f%% of square)%n",
        d, d, d, square, n, d, d, skinny, 100 * skinny / square);

    // The three setups run interleaved, iteration by iteration, so that load from other processes
    // on a shared machine hits them alike and their ratios stay meaningful.
    String[] setups = {"vanilla/exact", "dns/paper", "dns/exact"};
    ContinualModel[] models = new ContinualModel[setups.length];
    StepResult[] refreshes = new StepResult[setups.length];
    Synthetic data = new Synthetic(d, new Random(1));
    float[][] history = new float[2 * o.historyBatches()][];
    for (int i = 0; i < history.length; i++) {
      history[i] = data.batch(n);
    }
    for (int s = 0; s < setups.length; s++) {
      String[] p = setups[s].split("/");
      models[s] = new ContinualModel(DnsConfig.parse(Map.of(DnsConfig.METHOD, p[0], DnsConfig.PROFILE, p[1])));
      for (int i = 0; i < o.historyBatches(); i++) {
        models[s].train(A, history[2 * i], d, B, history[2 * i + 1], d, n);
      }
      refreshes[s] = models[s].endStep();
    }
    float[][] pool = new float[8][];
    for (int i = 0; i < pool.length; i++) {
      pool[i] = data.batch(n);
    }
    long[][] times = new long[setups.length][o.iterations()];
    for (int i = 0; i < o.warmup() + o.iterations(); i++) {
      for (int s = 0; s < setups.length; s++) {
        long t = models[s].train(A, pool[i % 8], d, B, pool[(i + 3) % 8], d, n).elapsedNanos();
        if (i >= o.warmup()) {
          times[s][i - o.warmup()] = t;
        }
      }
    }
    double vanilla = 0;
    for (int s = 0; s < setups.length; s++) {
      Arrays.sort(times[s]);
      double ms = times[s][times[s].length / 2] / 1e6;
      boolean dns = setups[s].startsWith("dns");
      double flops = iterationFlops(models[s], n, dns, setups[s].endsWith("exact"));
      if (!dns) {
        vanilla = ms;
      }
      ContinualModel model = models[s];
      out.printf("%-14s iteration %7.2f ms (%.2fx vanilla), %.2f GFLOP counted -> %.1f GFLOP/s; ranks R/L %s %d/%d, %s %d/%d%n",
          setups[s], ms, ms / vanilla, flops / 1e9, flops / ms / 1e6,
          A, model.ranks(A).right(), model.ranks(A).left(), B, model.ranks(B).right(), model.ranks(B).left());
      if (dns) {
        out.printf("%-14s step-end refresh of 2 modalities (fold + eigendecompositions): %.0f ms%n",
            setups[s], refreshes[s].durationNanos() / 1e6);
      }
    }
    out.println("targets: dns/exact <= 1.5x vanilla, dns/paper <= 1.2x vanilla, refresh <= 1500 ms");
  }

  private static double gemmRate(int m, int k, int nCols, Options o) {
    INDArray a = Nd4j.rand(DataType.FLOAT, m, k);
    INDArray b = Nd4j.rand(DataType.FLOAT, k, nCols);
    INDArray c = Nd4j.create(DataType.FLOAT, m, nCols);
    long[] times = new long[o.iterations()];
    for (int i = 0; i < o.warmup() + o.iterations(); i++) {
      long t = System.nanoTime();
      Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
      if (i >= o.warmup()) {
        times[i - o.warmup()] = System.nanoTime() - t;
      }
    }
    Arrays.sort(times);
    return 2.0 * m * k * nCols / times[times.length / 2];
  }

  /**
   * Multiply-adds counted as 2 flops over the GEMMs of one iteration: forward, scores, output and
   * head gradients for both sides; for dns also the double-precision step accumulators and the
   * projection products of each side's basis forms.
   */
  private static double iterationFlops(ContinualModel model, int n, boolean dns, boolean exact) {
    double total = 0;
    for (String m : new String[] {A, B}) {
      double in = model.inputWidth(m) + 1.0;
      double out = model.outputWidth();
      total += 2 * n * in * out * 2 + 2.0 * n * n * out * 1.5; // Y, G; S and dY (S shared by both sides)
      if (dns) {
        RangeBasis r = model.rightBasis(m);
        RangeBasis l = model.leftBasis(m);
        double dim = r.dim();
        total += 2 * n * dim * dim; // S += X^T X
        total += exact ? denseProjectionFlops(l, r, out) : rawProjectionFlops(l, r, n, out);
      }
    }
    return total;
  }

  private static double denseProjectionFlops(RangeBasis l, RangeBasis r, double out) {
    double dim = r.dim();
    double cr = columns(r);
    double cl = columns(l);
    return r.form() == RangeBasis.Form.KEPT
        ? 4 * out * dim * cr + 4 * out * cr * cl
        : 2 * out * dim * cr + 4 * out * dim * cl + 4 * out * cr * cl + 2 * out * cr * dim;
  }

  private static double rawProjectionFlops(RangeBasis l, RangeBasis r, int n, double out) {
    return 4.0 * n * r.dim() * columns(r) + 4.0 * n * out * columns(l) + 2.0 * n * out * r.dim();
  }

  private static double columns(RangeBasis p) {
    return p.basis() == null ? 0 : p.basis().columns();
  }

  /**
   * Encoder-like features: a latent of d/4 directions with a decaying spectrum, mixed into d
   * dimensions, plus isotropic noise below lambda_min, so the kept rank is what a real step leaves.
   */
  private static final class Synthetic {
    private final int d;
    private final int latent;
    private final INDArray mixing;
    private final Random random;

    Synthetic(int d, Random random) {
      this.d = d;
      this.latent = d / 4;
      this.random = random;
      this.mixing = Nd4j.randn(random.nextLong(), new long[] {latent, d}).castTo(DataType.FLOAT);
      for (int k = 0; k < latent; k++) {
        mixing.getRow(k).muli(Math.pow(k + 1, -0.5) * 2 / Math.sqrt(d));
      }
    }

    float[] batch(int n) {
      INDArray z = Nd4j.randn(random.nextLong(), new long[] {n, latent}).castTo(DataType.FLOAT);
      INDArray x = z.mmul(mixing).addi(Nd4j.randn(random.nextLong(), new long[] {n, d}).castTo(DataType.FLOAT).muli(0.03));
      return x.dup('c').data().asFloat();
    }
  }
}
