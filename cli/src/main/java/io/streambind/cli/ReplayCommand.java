package io.streambind.cli;

import io.streambind.core.config.DnsConfig;
import io.streambind.core.io.StreamDirectory;
import io.streambind.core.replay.Replay;
import io.streambind.core.replay.ReplayOutput;
import io.streambind.core.replay.ReplayResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./streambind replay}: the offline verification contract of the learner. */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = {"Applies a stream directory's events in order to one model, as the learner does, and writes"
        + " <modality>.W.npy, <modality>.b.npy and metrics.json (per-step evaluation, BWT, stability, timing).",
        "The directory is validated completely before training starts."})
final class ReplayCommand implements Callable<Integer> {
  @Option(names = "--input", required = true, description = "Stream directory (holds stream.jsonl).")
  Path input;

  @Option(names = "--out", required = true, description = "Output directory (created if missing).")
  Path out;

  @Option(names = "--profile", defaultValue = "exact", description = "exact or paper (default: ${DEFAULT-VALUE}).")
  String profile;

  @Option(names = "--method", defaultValue = "dns", description = "dns, vanilla, input-null or ewc (default: ${DEFAULT-VALUE}).")
  String method;

  @Option(names = "--lambda-min", description = "Input (right) side eigenvalue threshold, absolute (default 0.01).")
  Double lambdaMin;

  @Option(names = "--lambda-min-relative", description = "Input (right) side threshold as a share of the largest"
      + " eigenvalue of Z; the threshold is then max(--lambda-min, this * sigma_max), so pass --lambda-min 0 for a"
      + " purely relative one (default 0: off).")
  Double lambdaMinRelative;

  @Option(names = "--rho", description = "Output (left) side threshold, a share of the largest eigenvalue of Z'"
      + " (default 1e-4 for profile exact; 0 for paper, where it means L = I).")
  Double rho;

  @Option(names = "--lr", description = "AdamW learning rate (default 1e-4).")
  Double learningRate;

  @Option(names = "--seed", description = "Seed of the evaluation subsets (default 0).")
  Long seed;

  @Option(names = "--precision", description = "float32 or float64: the precision the heads train in (default float32).")
  String precision;

  @Override
  public Integer call() {
    try {
      Map<String, String> settings = new HashMap<>();
      settings.put(DnsConfig.PROFILE, profile);
      settings.put(DnsConfig.METHOD, method);
      if (lambdaMin != null) {
        settings.put(DnsConfig.LAMBDA_MIN, lambdaMin.toString());
      }
      if (lambdaMinRelative != null) {
        settings.put(DnsConfig.LAMBDA_MIN_RELATIVE, lambdaMinRelative.toString());
      }
      if (rho != null) {
        settings.put(DnsConfig.RHO, rho.toString());
      }
      if (learningRate != null) {
        settings.put(DnsConfig.LEARNING_RATE, learningRate.toString());
      }
      if (seed != null) {
        settings.put(DnsConfig.SEED, seed.toString());
      }
      if (precision != null) {
        settings.put(DnsConfig.PRECISION, precision);
      }
      DnsConfig config = DnsConfig.parse(settings);
      ReplayResult result = new Replay(config).run(StreamDirectory.open(input));
      ReplayOutput.write(result, input, out);
      System.out.println(String.format(Locale.ROOT,
          "replay: %d steps, %d train pairs in %.1f s (%.0f pairs/s); BWT_R10 %s, final R@1 %s, final R@10 %s,"
              + " mean stability %s -> %s",
          result.steps().size(), result.trainPairs(), result.wallNanos() / 1e9, result.pairsPerSecond(),
          format(result.bwtR10()), format(result.evaluator().recall1Matrix().lastRowMean()),
          format(result.evaluator().recall10Matrix().lastRowMean()),
          format(result.meanStabilityDeviation()), out));
      return 0;
    } catch (IOException | IllegalArgumentException e) {
      System.err.println("replay: " + e.getMessage());
      return 1;
    }
  }

  private static String format(Double value) {
    return value == null || value.isNaN() ? "n/a" : String.format(Locale.ROOT, "%.4f", value);
  }
}
