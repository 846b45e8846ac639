package io.streambind.bench;

import io.streambind.core.config.DnsConfig;
import io.streambind.core.math.DeferredProjection;
import io.streambind.core.math.NullSpaceProjection;
import io.streambind.core.math.RangeBasis;
import io.streambind.core.math.SymmetricEigen;
import io.streambind.core.math.Workspace;
import io.streambind.core.model.ContinualModel;
import io.streambind.core.model.StepResult;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Prints what one training iteration costs for vanilla, dns/paper and dns/exact on a pair of
 * modalities with history: ms, ratio to vanilla, counted GFLOP and the rate achieved, and the
 * floor the FLOP count implies at the square-GEMM rate of the same run; then the projection's own
 * GEMM rate, the warm step-end refresh, and the kernel timings behind the core's choices.
 * Figures only; ratios within one run are what to compare on shared machines.
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
        out.printf(
                "StreamBind core benchmark: d=%d, n=%d, %d timed iterations after %d warm-up (median),"
                        + " OPENBLAS_CORETYPE=%s, OPENBLAS_THREAD_TIMEOUT=%s, load average %s%n",
                d,
                n,
                o.iterations(),
                o.warmup(),
                System.getenv().getOrDefault("OPENBLAS_CORETYPE", "(unset)"),
                System.getenv().getOrDefault("OPENBLAS_THREAD_TIMEOUT", "(unset)"),
                loadAverage());
        KernelTimes kernels = new KernelTimes(Math.max(5, o.iterations() / 3));
        double square = kernels.sgemmRate(d, d, d);
        double skinny = kernels.sgemmRate(n, d, d);
        out.printf(
                "fp32 GEMM (best of run) %dx%dx%d: %.1f GFLOP/s; %dx%dx%d (per-batch shape): %.1f GFLOP/s (%.0f%% of square)%n",
                d, d, d, square, n, d, d, skinny, 100 * skinny / square);

        // The three setups run interleaved, iteration by iteration, so that load from other processes
        // on a shared machine hits them alike and their ratios stay meaningful.
        String[] setups = {"vanilla/exact", "dns/paper", "dns/exact", "vanilla/exact/f64", "dns/exact/f64"};
        ContinualModel[] models = new ContinualModel[setups.length];
        long[] firstRefreshNanos = new long[setups.length];
        Synthetic data = new Synthetic(d, new Random(1));
        float[][] history = new float[2 * o.historyBatches()][];
        for (int i = 0; i < history.length; i++) {
            history[i] = data.batch(n);
        }
        for (int s = 0; s < setups.length; s++) {
            String[] p = setups[s].split("/");
            models[s] = new ContinualModel(DnsConfig.parse(Map.of(
                    DnsConfig.METHOD,
                    p[0],
                    DnsConfig.PROFILE,
                    p[1],
                    DnsConfig.PRECISION,
                    p.length > 2 ? "float64" : "float32")));
            for (int i = 0; i < o.historyBatches(); i++) {
                models[s].train(A, history[2 * i], d, B, history[2 * i + 1], d, n);
            }
            firstRefreshNanos[s] = models[s].endStep().durationNanos();
        }
        float[][] pool = new float[8][];
        for (int i = 0; i < pool.length; i++) {
            pool[i] = data.batch(n);
        }
        long[][] times = new long[setups.length][o.iterations()];
        for (int i = 0; i < o.warmup() + o.iterations(); i++) {
            for (int s = 0; s < setups.length; s++) {
                long t = models[s]
                        .train(A, pool[i % 8], d, B, pool[(i + 3) % 8], d, n)
                        .elapsedNanos();
                if (i >= o.warmup()) {
                    times[s][i - o.warmup()] = t;
                }
            }
        }
        double vanillaMs = 0;
        double vanillaFlops = IterationFlops.shared(models[0], A, B, n);
        for (int s = 0; s < setups.length; s++) {
            Arrays.sort(times[s]);
            double ms = times[s][times[s].length / 2] / 1e6;
            ContinualModel model = models[s];
            double flops = vanillaFlops
                    + switch (setups[s].replace("/f64", "")) {
                        case "dns/paper" -> IterationFlops.paperExtra(model, A, B, n);
                        case "dns/exact" -> IterationFlops.exactExtra(model, A, B, n);
                        default -> 0;
                    };
            if (s == 0) {
                vanillaMs = ms;
            }
            // floor: vanilla's measured time plus the extra flops at this run's square-GEMM rate
            double floor = (vanillaMs + (flops - vanillaFlops) / square / 1e6) / vanillaMs;
            out.printf(
                    "%-17s %7.2f ms/iter  %.2fx vanilla  %.2f GFLOP -> %5.1f GFLOP/s  flops %.2fx vanilla,"
                            + " floor at square-GEMM rate %.2fx;  ranks R/L %s %d/%d, %s %d/%d%n",
                    setups[s],
                    ms,
                    ms / vanillaMs,
                    flops / 1e9,
                    flops / ms / 1e6,
                    flops / vanillaFlops,
                    floor,
                    A,
                    model.ranks(A).right(),
                    model.ranks(A).left(),
                    B,
                    model.ranks(B).right(),
                    model.ranks(B).left());
        }
        out.println("targets: dns/exact <= 1.5x vanilla, dns/paper <= 1.2x vanilla, refresh <= 1500 ms;"
                + " f64: dns.precision=float64 (GFLOP/s there are double-precision rates, no deferred write-back)");

        ContinualModel exact = models[2];
        RangeBasis left = exact.leftBasis(A);
        RangeBasis right = exact.rightBasis(A);
        double projectionFlops = IterationFlops.projection(left, right);
        double projectionMs = projectionMillis(kernels, exact.outputWidth(), right.dim(), left, right);
        out.printf(
                "dns/exact projection of one head (%s R, %s L): %.2f ms, %.2f GFLOP -> %.1f GFLOP/s (%.0f%% of square)%n",
                right.form(),
                left.form(),
                projectionMs,
                projectionFlops / 1e9,
                projectionFlops / projectionMs / 1e6,
                100 * projectionFlops / projectionMs / 1e6 / square);

        for (int s = 1; s < setups.length; s++) {
            StepResult refresh = models[s].endStep(); // warm: the second step end of this model
            out.printf(
                    "%-17s step-end refresh of 2 modalities (fold, W S W^T, bases): %.0f ms (the first, cold: %.0f ms)%n",
                    setups[s], refresh.durationNanos() / 1e6, firstRefreshNanos[s] / 1e6);
        }

        int dim = right.dim();
        double[] sums = kernels.stepSumMillis(dim, n, ContinualModel.STEP_SUM_BLOCK_ROWS);
        out.printf(
                "step sum S += X^T X per %d rows (dim %d): dgemm per batch %.2f ms, ssyrk per batch %.2f ms,"
                        + " ssyrk per %d-row block %.2f ms (used)%n",
                n, dim, sums[0], sums[1], ContinualModel.STEP_SUM_BLOCK_ROWS, sums[2]);
        double[] rightEigen = kernels.eigenMillis(
                exact.inputCovariance(A), dim, exact.config().lambdaMin());
        double[] z = exact.outputCovariance(A);
        double[] leftEigen = kernels.eigenMillis(
                z,
                exact.outputWidth(),
                exact.config().rho() * SymmetricEigen.of(z, exact.outputWidth()).largest());
        out.printf(
                "bases, right (dim %d, rank %d): dsyevd %.0f ms, dsyevr range %.0f ms, partial (used) %.0f ms;"
                        + " left (rank %d): dsyevd %.0f ms, dsyevr range %.0f ms, partial (used) %.0f ms%n",
                dim,
                right.rank(),
                rightEigen[0],
                rightEigen[1],
                rightEigen[2],
                left.rank(),
                leftEigen[0],
                leftEigen[1],
                leftEigen[2]);
    }

    /** Median time of projecting one head's step on random arrays with the given bases, as the model does it. */
    private static double projectionMillis(KernelTimes kernels, int out, int dim, RangeBasis left, RangeBasis right) {
        Workspace workspace = new Workspace();
        INDArray delta = Nd4j.rand(DataType.FLOAT, out, dim).dup('f');
        INDArray target = Nd4j.rand(DataType.FLOAT, out, dim).dup('f');
        if (right.form() == RangeBasis.Form.KEPT) {
            DeferredProjection deferred = new DeferredProjection(workspace);
            INDArray pending =
                    Nd4j.create(DataType.FLOAT, new long[] {out, right.basis().columns()}, 'f');
            return kernels.medianMillis(i -> deferred.completeStep(delta, 1, target, pending, left, right, 1e-7));
        }
        NullSpaceProjection projection = new NullSpaceProjection(workspace);
        return kernels.medianMillis(i -> projection.subtractProjected(delta, target, left, right));
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "(unknown)";
        }
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
            INDArray x = z.mmul(mixing)
                    .addi(Nd4j.randn(random.nextLong(), new long[] {n, d})
                            .castTo(DataType.FLOAT)
                            .muli(0.03));
            return x.dup('c').data().asFloat();
        }
    }
}
