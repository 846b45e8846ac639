package io.streambind.cli;

import io.streambind.core.config.DnsConfig;
import io.streambind.io.StreamDirectory;
import io.streambind.replay.Replay;
import io.streambind.replay.ReplayOutput;
import io.streambind.replay.ReplayResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./streambind replay}: the offline verification contract of the learner. */
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        description = {
            "Applies a stream directory's events in order to one model, as the learner does, and writes"
                    + " <modality>.W.npy, <modality>.b.npy and metrics.json (per-step evaluation, BWT, stability, timing).",
            "The directory is validated completely before training starts."
        })
final class ReplayCommand implements Callable<Integer> {
    @Option(names = "--input", required = true, description = "Stream directory (holds stream.jsonl).")
    Path input;

    @Option(names = "--out", required = true, description = "Output directory (created if missing).")
    Path out;

    @Mixin
    ProfileOption profile;

    @Option(
            names = "--method",
            defaultValue = "dns",
            description = "dns, vanilla, input-null or ewc (default: ${DEFAULT-VALUE}).")
    String method;

    @Mixin
    DnsThresholdOptions thresholds;

    @Option(names = "--lr", description = "AdamW learning rate (default 1e-4).")
    Double learningRate;

    @Option(names = "--seed", description = "Seed of the evaluation subsets (default 0).")
    Long seed;

    @Mixin
    PrecisionOption precision;

    @Override
    public Integer call() {
        try {
            Map<String, String> settings = new HashMap<>();
            settings.put(DnsConfig.PROFILE, profile.value().configName());
            settings.put(DnsConfig.METHOD, method);
            thresholds.putInto(settings);
            if (learningRate != null) {
                settings.put(DnsConfig.LEARNING_RATE, learningRate.toString());
            }
            if (seed != null) {
                settings.put(DnsConfig.SEED, seed.toString());
            }
            precision.putInto(settings);
            DnsConfig config = DnsConfig.parse(settings);
            ReplayResult result = new Replay(config).run(StreamDirectory.open(input));
            ReplayOutput.write(result, input, out);
            System.out.println(String.format(
                    Locale.ROOT,
                    "replay: %d steps, %d train pairs in %.1f s (%.0f pairs/s); BWT_R10 %s, final R@1 %s, final R@10 %s,"
                            + " mean stability %s -> %s",
                    result.steps().size(),
                    result.trainPairs(),
                    result.wallNanos() / 1e9,
                    result.pairsPerSecond(),
                    format(result.bwtR10()),
                    format(result.evaluator().recall1Matrix().lastRowMean()),
                    format(result.evaluator().recall10Matrix().lastRowMean()),
                    format(result.meanStabilityDeviation()),
                    out));
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
