package io.streambind.cli;

import io.streambind.bench.CoreBenchmark;
import io.streambind.cli.bench.KafkaPathBenchmark;
import io.streambind.cli.bench.RecoveryBenchmark;
import io.streambind.cli.demo.DemoMethod;
import io.streambind.cli.demo.DemoStream;
import io.streambind.cli.demo.NumericPathSpread;
import io.streambind.core.config.Profile;
import io.streambind.io.StreamDirectory;
import io.streambind.producer.synthetic.SyntheticOptions;
import io.streambind.schemas.registry.RegistryClientConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.CommonClientConfigs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./streambind bench core}: prints the core's per-iteration and step-end figures. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Benchmarks that print figures (not tests).",
        subcommands = {
            BenchCommand.Core.class,
            BenchCommand.KafkaPath.class,
            BenchCommand.Recovery.class,
            BenchCommand.NumericSpread.class
        })
public final class BenchCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(
            name = "core",
            mixinStandardHelpOptions = true,
            description =
                    "Per-iteration time of vanilla, dns/paper and dns/exact with history, GEMM rates, refresh time."
                            + " Set OPENBLAS_CORETYPE=HASWELL for the bundled OpenBLAS to pick its fast kernels.")
    static final class Core implements Runnable {
        @Mixin
        DimOption dim;

        @Option(names = "--batch", defaultValue = "64", description = "Rows per batch n (default ${DEFAULT-VALUE}).")
        int batch;

        @Option(
                names = "--iterations",
                defaultValue = "30",
                description = "Timed iterations per setup (default ${DEFAULT-VALUE}).")
        int iterations;

        @Override
        public void run() {
            CoreBenchmark.Options defaults = CoreBenchmark.Options.defaults();
            CoreBenchmark.run(
                    System.out,
                    new CoreBenchmark.Options(
                            dim.value(), batch, iterations, defaults.warmup(), defaults.historyBatches()));
        }
    }

    private static Properties cluster(Path file) throws IOException {
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            props.load(in);
        }
        for (String required : List.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, RegistryClientConfig.URL_CONFIG)) {
            if (props.getProperty(required, "").isBlank()) {
                throw new IllegalArgumentException("--cluster-config " + file + " does not set " + required);
            }
        }
        return props;
    }

    @Command(
            name = "kafka",
            mixinStandardHelpOptions = true,
            description = {
                "End-to-end pairs/s through Kafka (embedded broker and registry, or --cluster-config; learner with"
                        + " exactly-once stores)",
                "against offline replay of the same batches in the same run (offline timed before and after), after",
                "unmeasured passes of both to warm the JVM; prints the learner's time by phase next to offline's, its time",
                "blocked on Kafka, CPU seconds by thread, and changelog bytes per batch."
            })
    static final class KafkaPath implements Callable<Integer> {
        @Mixin
        DimOption dim;

        @Option(
                names = "--train",
                defaultValue = "" + SyntheticOptions.DEFAULT_TRAIN_PAIRS,
                description =
                        "Training pairs per step and epoch (default ${DEFAULT-VALUE}); larger steps amortize the step-end snapshot.")
        int trainPairs;

        @Option(
                names = "--method",
                defaultValue = "dns-exact",
                description = "Method of the model (default ${DEFAULT-VALUE}).")
        String method;

        @Mixin
        SeedOption seed;

        @Mixin
        DemoLearningRateOption learningRate;

        @Option(
                names = "--out",
                defaultValue = "bench-out",
                description = "Where the stream and report go (default ${DEFAULT-VALUE}).")
        Path out;

        @Option(
                names = "--warm-up-passes",
                defaultValue = "1",
                description = "Unmeasured passes of both paths before the measured ones (default ${DEFAULT-VALUE}).")
        int warmUpPasses;

        @Option(
                names = "--cluster-config",
                description =
                        "Properties file of a running cluster and registry to measure on instead of the embedded ones"
                                + " (bootstrap.servers, schema.registry.url, and security.protocol, sasl.*, ssl.* as needed). Each run"
                                + " uses topics and an application id of its own (streambind-bench-<id>) and deletes its topics,"
                                + " consumer group and schema subjects after.")
        Path clusterConfig;

        @Option(
                names = "--rounds",
                defaultValue = "1",
                description =
                        "Measured rounds (both Kafka runs and offline replay after them); with several, each round's"
                                + " rates and the details of the median round are printed (default ${DEFAULT-VALUE}).")
        int rounds;

        @Override
        public Integer call() throws Exception {
            SyntheticOptions small = SyntheticOptions.small(dim.value(), seed.value());
            SyntheticOptions synthetic = new SyntheticOptions(
                    small.scale(),
                    dim.value(),
                    small.latent(),
                    trainPairs,
                    small.testPairs(),
                    small.batchRows(),
                    small.epochs(),
                    small.steps(),
                    seed.value());
            KafkaPathBenchmark.run(
                    System.out,
                    synthetic,
                    DemoMethod.parse(method, Profile.EXACT),
                    learningRate.value(),
                    out,
                    warmUpPasses,
                    rounds,
                    clusterConfig == null ? null : cluster(clusterConfig));
            return 0;
        }
    }

    @Command(
            name = "recovery",
            mixinStandardHelpOptions = true,
            description = {
                "Seconds from a learner's restart, or from the kill of the instance that owns a model, until the",
                "model is served and its next batch trained: learners as separate processes with default settings on an",
                "embedded broker and registry, SIGKILLed mid-step. Cases: the same instance restarted on its state dir;",
                "failover to a second instance that keeps a standby (num.standby.replicas=1); failover without standbys",
                "(the survivor restores the model from the changelog); failover to a standby with the owner killed while",
                "its transaction is open, with the survivor aborting the orphaned transaction (the default) and without."
            })
    static final class Recovery implements Callable<Integer> {
        @Mixin
        DimOption dim;

        @Option(names = "--rows", defaultValue = "64", description = "Rows per batch (default ${DEFAULT-VALUE}).")
        int rows;

        @Option(
                names = "--batches",
                defaultValue = "8",
                description = "Training batches per model and step (default ${DEFAULT-VALUE}).")
        int batchesPerStep;

        @Option(
                names = "--modalities",
                defaultValue = "2",
                description =
                        "Modalities of each model, every one paired with the first in turn (default ${DEFAULT-VALUE}).")
        int modalities;

        @Option(
                names = "--rounds",
                defaultValue = "1",
                description = "Measured rounds of each case (default ${DEFAULT-VALUE}).")
        int rounds;

        @Option(
                names = "--cases",
                split = ",",
                defaultValue = "RESTART,STANDBY,NO_STANDBY,KILL_IN_COMMIT,KILL_IN_COMMIT_ORPHAN_KEPT",
                description = "Cases to measure, in this order (default ${DEFAULT-VALUE}).")
        List<RecoveryBenchmark.Case> cases;

        @Option(
                names = "--out",
                defaultValue = "bench-out/recovery",
                description =
                        "Where each run writes its learner logs; broker data and state dirs are deleted after each case (default ${DEFAULT-VALUE}).")
        Path out;

        @Override
        public Integer call() throws Exception {
            RecoveryBenchmark.run(
                    System.out,
                    new RecoveryBenchmark.Options(
                            dim.value(), rows, batchesPerStep, modalities, rounds, new LinkedHashSet<>(cases), out));
            return 0;
        }
    }

    @Command(
            name = "spread",
            mixinStandardHelpOptions = true,
            description = {
                "How far results move with the numeric path: replays one stream per method once per OpenBLAS core",
                "type and thread count (a JVM each) and prints, against the first path, the change of the learned heads",
                "relative to what training learned, and every table figure per path with its min..max. Without --input,",
                "the demo's synthetic stream (--dim, --seed) is written to --out/stream first."
            })
    static final class NumericSpread implements Callable<Integer> {
        @Option(names = "--input", description = "Stream directory to replay (default: the demo's synthetic stream).")
        Path input;

        @Mixin
        DimOption dim;

        @Mixin
        SeedOption seed;

        @Option(
                names = "--methods",
                split = ",",
                defaultValue = DemoCommand.SYNTHETIC_METHODS,
                description = "Methods, as the demo's (default ${DEFAULT-VALUE}).")
        List<String> methods;

        @Mixin
        DemoLearningRateOption learningRate;

        @Option(
                names = "--paths",
                split = ",",
                defaultValue = NumericPathSpread.DEFAULT_PATHS,
                description = "Numeric paths CORETYPE:THREADS, the reference first; a core type must run on this CPU"
                        + " (default ${DEFAULT-VALUE}).")
        List<String> paths;

        @Option(
                names = "--out",
                defaultValue = "bench-out/spread",
                description = "Replay outputs per method and path" + " (default ${DEFAULT-VALUE}).")
        Path out;

        @Override
        public Integer call() throws Exception {
            Path stream = input;
            if (stream == null) {
                stream = out.resolve("stream");
                DemoStream.synthetic(SyntheticOptions.small(dim.value(), seed.value()))
                        .write(stream, System.out);
            }
            StreamDirectory.open(stream); // a bad directory fails here, not in the first replay
            NumericPathSpread.run(
                    new NumericPathSpread.Options(
                            stream,
                            methods.stream()
                                    .map(m -> DemoMethod.parse(m, Profile.EXACT))
                                    .toList(),
                            learningRate.value(),
                            paths.stream()
                                    .map(NumericPathSpread.NumericPath::parse)
                                    .toList(),
                            out),
                    System.out);
            return 0;
        }
    }
}
