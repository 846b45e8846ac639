package io.streambind.cli;

import io.streambind.cli.demo.Demo;
import io.streambind.cli.demo.DemoMethod;
import io.streambind.cli.demo.DemoRepeats;
import io.streambind.cli.demo.DemoStream;
import io.streambind.core.config.Profile;
import io.streambind.dataset.wordnet.WordNetScale;
import io.streambind.producer.synthetic.SyntheticOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.LongStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "The whole system end to end on loopback: embedded Kafka (KRaft) and schema registry, the learner,",
            "a benchmark stream (synthetic, or WordNet encoded here by real text encoders) streamed once per method,",
            "live step lines, the paper-style table and report.html."
        })
public final class DemoCommand implements Callable<Integer> {
    /** Methods compared on WordNet when --methods is not given: every baseline, as the paper's table. */
    static final String WORDNET_METHODS = "dns-exact,dns-paper,vanilla,input-null,ewc";

    static final String SYNTHETIC_METHODS = "dns-exact,dns-paper,vanilla";

    @Option(
            names = "--dataset",
            defaultValue = "synthetic",
            description = "synthetic (the paper's 11 steps, generated) or wordnet (WordNet 3.1 encoded here by MiniLM;"
                    + " built in --out/stream, or reused when its manifest matches) (default: ${DEFAULT-VALUE}).")
    String dataset;

    @Option(
            names = "--scale",
            defaultValue = "small",
            description = "synthetic: small (minutes on 2 cores) or paper (the paper's sample counts);"
                    + " wordnet: tiny, small or full (default: ${DEFAULT-VALUE}).")
    String scale;

    @Option(
            names = "--methods",
            split = ",",
            description =
                    "Compared methods, one model each: dns, vanilla, input-null, ewc, optionally -exact/-paper (default: "
                            + SYNTHETIC_METHODS + "; on wordnet " + WORDNET_METHODS + ").")
    List<String> methods;

    @Mixin
    ProfileOption profile;

    @Mixin
    DimOption dim;

    /**
     * The spec's rate on WordNet: its encoders' spaces already align, and at the synthetic demo's 1e-3 every
     * method ends below the frozen encoders (docs/BENCHMARKS.md).
     */
    static final double WORDNET_LEARNING_RATE = 1e-4;

    @Option(
            names = "--lr",
            description = "AdamW learning rate of every model (default: " + Demo.DEFAULT_LEARNING_RATE
                    + " on synthetic, whose small" + " stream gives each step a few dozen updates; "
                    + WORDNET_LEARNING_RATE + " on wordnet).")
    Double learningRate;

    @Mixin
    SeedOption seed;

    @Option(
            names = "--repeats",
            defaultValue = "1",
            description =
                    "Runs, with the stream's seeds --seed, --seed+1, …; with more than one, each run goes to --out/seed-<seed>"
                            + " and the table and --out/report.html give every figure's mean and min–max range over the runs (default:"
                            + " ${DEFAULT-VALUE}).")
    int repeats;

    @Option(
            names = "--out",
            defaultValue = "demo-out",
            description = "Output directory: stream/ and report.html (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(
            names = "--timeout",
            defaultValue = "PT30M",
            description = "Give up after this long (ISO-8601, default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--keep-running", description = "Keep the stack and the learner running at the end (Ctrl-C stops).")
    boolean keepRunning;

    @Override
    public Integer call() throws Exception {
        Profile defaultProfile = profile.value();
        boolean wordNet = switch (dataset.toLowerCase(Locale.ROOT)) {
            case "synthetic" -> false;
            case "wordnet" -> true;
            default -> throw new IllegalArgumentException("unknown dataset '" + dataset + "' (synthetic or wordnet)");
        };
        List<String> names =
                methods != null ? methods : List.of((wordNet ? WORDNET_METHODS : SYNTHETIC_METHODS).split(","));
        List<DemoMethod> compared =
                names.stream().map(m -> DemoMethod.parse(m, defaultProfile)).toList();
        if (repeats < 1 || repeats > 1 && keepRunning) {
            throw new IllegalArgumentException("--repeats must be at least 1, and 1 with --keep-running");
        }
        Stopwatch demo = Stopwatch.start();
        double rate =
                learningRate != null ? learningRate : wordNet ? WORDNET_LEARNING_RATE : Demo.DEFAULT_LEARNING_RATE;
        if (repeats == 1) {
            new Demo(
                            new Demo.Options(stream(wordNet, seed.value()), compared, rate, out, keepRunning, timeout),
                            System.out)
                    .run();
        } else {
            List<Long> seeds = LongStream.range(seed.value(), seed.value() + repeats)
                    .boxed()
                    .toList();
            DemoRepeats.run(
                    runSeed -> new Demo.Options(
                            stream(wordNet, runSeed), compared, rate, out.resolve("seed-" + runSeed), false, timeout),
                    seeds,
                    out,
                    System.out);
        }
        System.out.printf(Locale.ROOT, "Demo finished in %.0f s.%n", demo.seconds());
        return 0;
    }

    private DemoStream stream(boolean wordNet, long streamSeed) {
        return wordNet
                ? DemoStream.wordNet(WordNetScale.valueOf(scale.toUpperCase(Locale.ROOT)), streamSeed)
                : DemoStream.synthetic(syntheticOptions(streamSeed));
    }

    private SyntheticOptions syntheticOptions(long streamSeed) {
        SyntheticOptions.Scale size = SyntheticOptions.Scale.valueOf(scale.toUpperCase(Locale.ROOT));
        SyntheticOptions small = SyntheticOptions.small(dim.value(), streamSeed);
        return new SyntheticOptions(
                size,
                dim.value(),
                small.latent(),
                small.trainPairs(),
                small.testPairs(),
                small.batchRows(),
                small.epochs(),
                small.steps(),
                streamSeed);
    }
}
