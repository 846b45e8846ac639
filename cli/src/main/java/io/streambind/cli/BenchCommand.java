package io.streambind.cli;

import io.streambind.core.bench.CoreBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./streambind bench core}: prints the core's per-iteration and step-end figures. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Benchmarks that print figures (not tests).",
    subcommands = {BenchCommand.Core.class})
public final class BenchCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  @Command(name = "core", mixinStandardHelpOptions = true,
      description = "Per-iteration time of vanilla, dns/paper and dns/exact with history, GEMM rates, refresh time."
          + " Set OPENBLAS_CORETYPE=HASWELL for the bundled OpenBLAS to pick its fast kernels.")
  static final class Core implements Runnable {
    @Option(names = "--dim", defaultValue = "1024", description = "Input and output width d (default ${DEFAULT-VALUE}).")
    int dim;

    @Option(names = "--batch", defaultValue = "64", description = "Rows per batch n (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--iterations", defaultValue = "30", description = "Timed iterations per setup (default ${DEFAULT-VALUE}).")
    int iterations;

    @Override
    public void run() {
      CoreBenchmark.Options defaults = CoreBenchmark.Options.defaults();
      CoreBenchmark.run(System.out, new CoreBenchmark.Options(dim, batch, iterations, defaults.warmup(),
          defaults.historyBatches()));
    }
  }
}
