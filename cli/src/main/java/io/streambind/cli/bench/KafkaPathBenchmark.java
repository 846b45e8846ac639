package io.streambind.cli.bench;

import io.streambind.cli.demo.Demo;
import io.streambind.cli.demo.DemoMethod;
import io.streambind.core.config.DnsConfig;
import io.streambind.io.StreamDirectory;
import io.streambind.io.StreamDirectoryWriter;
import io.streambind.producer.StreamSink;
import io.streambind.producer.synthetic.SyntheticOptions;
import io.streambind.producer.synthetic.SyntheticStream;
import io.streambind.replay.Replay;
import io.streambind.replay.ReplayResult;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.ToDoubleFunction;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * The learner's end-to-end rate through Kafka (producer → broker → Kafka Streams learner with
 * exactly-once stores → reports) against offline replay of the same stream directory, in one run.
 * Both include the step-end refresh and evaluation; the offline run is the same core code without Kafka.
 */
public final class KafkaPathBenchmark {
    private KafkaPathBenchmark() {}

    /**
     * One measured round: both Kafka runs, and offline replay timed before and after them, with the CPU
     * seconds the host stole during each of the three runs of the round.
     */
    private record Round(
            MeasuredRun kafka,
            MeasuredRun alone,
            ReplayResult before,
            ReplayResult after,
            Map<String, Double> offlineCpu,
            double kafkaSteal,
            double aloneSteal,
            double offlineSteal) {
        double offlineRate() {
            return (before.pairsPerSecond() + after.pairsPerSecond()) / 2;
        }

        double kafkaShare() {
            return kafka.method().pairsPerSecond() / offlineRate();
        }

        double aloneShare() {
            return alone.method().pairsPerSecond() / offlineRate();
        }
    }

    /**
     * Runs it with {@code warmUpPasses} unmeasured passes of both paths first, then {@code rounds} measured
     * rounds; prints each round's rates and the details of the median one. {@code cluster}: client settings
     * of a running cluster and registry (see {@link Demo.Options}), null for the embedded stack.
     */
    public static void run(
            PrintStream out,
            SyntheticOptions synthetic,
            DemoMethod method,
            double learningRate,
            Path outDir,
            int warmUpPasses,
            int rounds,
            Properties cluster)
            throws IOException, InterruptedException {
        out.printf(
                Locale.ROOT,
                "Kafka path vs offline replay: %s, d=%d, %s scale, after %d unmeasured pass(es) of both,"
                        + " OPENBLAS_THREAD_TIMEOUT=%s, %s%n",
                method.name(),
                synthetic.dim(),
                synthetic.scale().name().toLowerCase(Locale.ROOT),
                warmUpPasses,
                System.getenv().getOrDefault("OPENBLAS_THREAD_TIMEOUT", "(unset)"),
                cluster == null
                        ? "embedded broker and registry in this process"
                        : "cluster " + cluster.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG));
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        for (int pass = 1; pass <= warmUpPasses; pass++) {
            warmUp(synthetic, method, learningRate, outDir, quiet, pass, cluster);
        }
        // Offline replay runs before and after each round's Kafka runs: this machine's speed drifts over
        // minutes (shared cores), and bracketing keeps the drift out of the ratio.
        ReplayResult before = replay(synthetic, method, learningRate, outDir.resolve("offline-before"));
        List<Round> measured = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            double stealAtStart = HostSteal.seconds();
            MeasuredRun kafka = MeasuredRun.of(
                    new Demo.Options(
                            synthetic,
                            List.of(method),
                            learningRate,
                            outDir,
                            false,
                            Duration.ofHours(2),
                            false,
                            cluster),
                    quiet);
            double stealAfterKafka = HostSteal.seconds();
            MeasuredRun alone = MeasuredRun.of(
                    new Demo.Options(
                            synthetic,
                            List.of(method),
                            learningRate,
                            outDir,
                            false,
                            Duration.ofHours(2),
                            true,
                            cluster),
                    quiet);
            double stealAfterAlone = HostSteal.seconds();
            ReplayResult after;
            Map<String, Double> offlineCpu;
            try (ThreadCpuSampler sampler = new ThreadCpuSampler()) {
                after = new Replay(replayConfig(method, learningRate))
                        .run(StreamDirectory.open(outDir.resolve("stream")));
                offlineCpu = sampler.secondsByThreadName();
            }
            Round r = new Round(
                    kafka,
                    alone,
                    before,
                    after,
                    offlineCpu,
                    stealAfterKafka - stealAtStart,
                    stealAfterAlone - stealAfterKafka,
                    HostSteal.seconds() - stealAfterAlone);
            measured.add(r);
            out.printf(
                    Locale.ROOT,
                    "  round %d: through Kafka %.0f pairs/s (%.0f%%), learner alone %.0f pairs/s (%.0f%%),"
                            + " offline %.0f pairs/s (%.1f s before, %.1f s after)%n",
                    round,
                    kafka.method().pairsPerSecond(),
                    100 * r.kafkaShare(),
                    alone.method().pairsPerSecond(),
                    100 * r.aloneShare(),
                    r.offlineRate(),
                    before.wallNanos() / 1e9,
                    after.wallNanos() / 1e9);
            if (!Double.isNaN(stealAtStart)) {
                out.printf(
                        Locale.ROOT,
                        "    CPU stolen by the host: %.1f s during the Kafka run (with its set-up), %.1f s during"
                                + " the learner-alone run, %.1f s during offline replay after them%n",
                        r.kafkaSteal(),
                        r.aloneSteal(),
                        r.offlineSteal());
            }
            before = after;
        }
        Round median = median(measured, Round::kafkaShare);
        if (rounds > 1) {
            out.printf(
                    Locale.ROOT,
                    "  median of %d rounds: through Kafka %.0f%%, learner alone %.0f%%; details of round %d:%n",
                    rounds,
                    100 * median.kafkaShare(),
                    100 * median(measured, Round::aloneShare).aloneShare(),
                    measured.indexOf(median) + 1);
        }
        MeasuredRun kafka = median.kafka();
        MeasuredRun alone = median.alone();
        ReplayResult offline = median.after();
        Map<String, Double> offlineCpu = median.offlineCpu();
        Demo.MethodResult viaKafka = kafka.method();
        Demo.MethodResult learnerAlone = alone.method();

        double kafkaRate = viaKafka.pairsPerSecond();
        double offlineRate = median.offlineRate();
        out.printf(
                Locale.ROOT,
                "  through Kafka : %8.0f pairs/s  (%d training pairs in %.1f s, first send to last step report,"
                        + " producer and learner sharing the machine)%n",
                kafkaRate,
                viaKafka.trainPairs(),
                viaKafka.wallSeconds());
        out.printf(
                Locale.ROOT,
                "  learner alone : %8.0f pairs/s  (%.1f s from RUNNING on a pre-filled topic: %.0f%% of offline)%n",
                learnerAlone.pairsPerSecond(),
                learnerAlone.wallSeconds(),
                100 * learnerAlone.pairsPerSecond() / offlineRate);
        out.printf(
                Locale.ROOT,
                "  learner start-up to RUNNING, not in the figures above: %.1f s and %.1f s%n",
                kafka.demo().learnerStartupSeconds(),
                alone.demo().learnerStartupSeconds());
        out.printf(
                Locale.ROOT,
                "  offline replay: %8.0f pairs/s  (%d training pairs in %.1f s before the Kafka runs, %.1f s after)%n",
                offlineRate,
                offline.trainPairs(),
                median.before().wallNanos() / 1e9,
                offline.wallNanos() / 1e9);
        out.printf(
                Locale.ROOT,
                "  Kafka path reaches %.0f%% of offline (target >= 90%%)%n",
                100 * kafkaRate / offlineRate);
        out.printf(
                Locale.ROOT,
                "  state changelog: %.0f KB per training batch (%.1f MB in all)%n",
                kafka.demo().changelogBytesPerBatch() / 1e3,
                kafka.demo().changelogBytes() / 1e6);
        Map<String, Double> offlinePhases = Map.of(
                "train",
                offline.trainNanos() / 1e9,
                "step_end",
                offline.stepEndNanos() / 1e9,
                "evaluate",
                offline.evaluateNanos() / 1e9);
        out.printf(
                Locale.ROOT,
                "  where the time goes, s:  %14s %14s %14s%n",
                "through Kafka",
                "learner alone",
                "offline after");
        for (String phase : kafka.workSecondsByPhase().keySet()) {
            out.printf(
                    Locale.ROOT,
                    "    %-22s %14.2f %14.2f %14s%n",
                    phase,
                    kafka.workSecondsByPhase().get(phase),
                    alone.workSecondsByPhase().getOrDefault(phase, 0.0),
                    offlinePhases.containsKey(phase)
                            ? String.format(Locale.ROOT, "%.2f", offlinePhases.get(phase))
                            : "-");
        }
        double offlineWork =
                offlinePhases.values().stream().mapToDouble(Double::doubleValue).sum();
        out.printf(
                Locale.ROOT,
                "    %-22s %14.2f %14.2f %14.2f%n",
                "other (Kafka, I/O)",
                kafka.otherSeconds(),
                alone.otherSeconds(),
                offline.wallNanos() / 1e9 - offlineWork);
        LearnerKafkaTime kafkaTime = kafka.kafkaTime();
        LearnerKafkaTime aloneTime = alone.kafkaTime();
        out.printf(
                Locale.ROOT,
                "      of which blocked on Kafka %.2f s and %.2f s; commits ≈ %.2f s (%d) and %.2f s (%d)%n",
                kafkaTime.blockedSeconds(),
                aloneTime.blockedSeconds(),
                kafkaTime.commitSeconds(),
                kafkaTime.commits(),
                aloneTime.commitSeconds(),
                aloneTime.commits());
        out.printf(
                Locale.ROOT,
                "      the clients' account: polls waiting %.2f s and %.2f s, polls reading %.2f s and %.2f s,"
                        + " producer flushes %.2f s and %.2f s, transaction calls %.2f s and %.2f s%n",
                kafkaTime.pollWaitSeconds(),
                aloneTime.pollWaitSeconds(),
                kafkaTime.pollIoSeconds(),
                aloneTime.pollIoSeconds(),
                kafkaTime.flushSeconds(),
                aloneTime.flushSeconds(),
                kafkaTime.transactionSeconds(),
                aloneTime.transactionSeconds());
        out.printf(
                Locale.ROOT,
                "    %-22s %14.2f %14.2f %14.2f%n",
                "wall",
                viaKafka.wallSeconds(),
                learnerAlone.wallSeconds(),
                offline.wallNanos() / 1e9);
        out.printf(
                Locale.ROOT,
                "  CPU seconds by thread name (Linux, 15 characters), first send to last report:  %14s %10s%n",
                "through Kafka",
                "offline");
        kafka.cpuSecondsByThread().forEach((name, seconds) -> {
            if (seconds >= 0.3) {
                out.printf(Locale.ROOT, "    %-47s %14.1f %10.1f%n", name, seconds, offlineCpu.getOrDefault(name, 0.0));
            }
        });
        out.printf(
                Locale.ROOT,
                "  final R@10 through Kafka %.4f, offline %.4f (same batches, same math)%n",
                viaKafka.table().finalRecall10().orElse(Double.NaN),
                offline.evaluator().recall10Matrix().lastRowMean());
    }

    /** The round in the middle when ordered by {@code share} (the upper one of two middles). */
    private static Round median(List<Round> rounds, ToDoubleFunction<Round> share) {
        List<Round> sorted = new ArrayList<>(rounds);
        sorted.sort(Comparator.comparingDouble(share));
        return sorted.get(sorted.size() / 2);
    }

    /**
     * An unmeasured pass of both paths over a stream of the same size (another seed): measured cold, the
     * Kafka path also paid for compiling the broker, clients and Kafka Streams (18 CPU-seconds of JIT
     * compiler threads on 2 cores), which a long-running learner pays once.
     */
    private static void warmUp(
            SyntheticOptions synthetic,
            DemoMethod method,
            double learningRate,
            Path outDir,
            PrintStream quiet,
            int pass,
            Properties cluster)
            throws IOException, InterruptedException {
        SyntheticOptions other = new SyntheticOptions(
                synthetic.scale(),
                synthetic.dim(),
                synthetic.latent(),
                synthetic.trainPairs(),
                synthetic.testPairs(),
                synthetic.batchRows(),
                synthetic.epochs(),
                synthetic.steps(),
                synthetic.seed() + pass);
        Path dir = outDir.resolve("warm-up");
        new Demo(
                        new Demo.Options(
                                other, List.of(method), learningRate, dir, false, Duration.ofHours(1), false, cluster),
                        quiet)
                .run();
        new Replay(replayConfig(method, learningRate)).run(StreamDirectory.open(dir.resolve("stream")));
        Demo.deleteRecursively(dir);
    }

    /** Offline replay of the stream the measured runs use, generated into {@code dir} and removed after. */
    private static ReplayResult replay(SyntheticOptions synthetic, DemoMethod method, double learningRate, Path dir)
            throws IOException {
        Path stream = dir.resolve("stream");
        try (StreamDirectoryWriter writer = StreamDirectoryWriter.create(stream)) {
            new SyntheticStream(synthetic).emit(StreamSink.of(writer));
        }
        try {
            return new Replay(replayConfig(method, learningRate)).run(StreamDirectory.open(stream));
        } finally {
            Demo.deleteRecursively(dir);
        }
    }

    private static DnsConfig replayConfig(DemoMethod method, double learningRate) {
        Map<String, String> settings = new HashMap<>(method.dnsSettings());
        settings.put(DnsConfig.LEARNING_RATE, Double.toString(learningRate));
        return DnsConfig.parse(settings);
    }
}
