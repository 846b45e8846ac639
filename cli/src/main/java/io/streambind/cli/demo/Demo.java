package io.streambind.cli.demo;

import io.streambind.avro.StepReport;
import io.streambind.avro.StreamRecord;
import io.streambind.cli.Stopwatch;
import io.streambind.core.config.DnsConfig;
import io.streambind.embedded.EmbeddedKafkaConfig;
import io.streambind.io.BatchEvent;
import io.streambind.io.Split;
import io.streambind.io.StepEndEvent;
import io.streambind.io.StreamDirectory;
import io.streambind.learner.LearnerApp;
import io.streambind.learner.LearnerConfig;
import io.streambind.producer.BatchPublisher;
import io.streambind.producer.DirectorySource;
import io.streambind.producer.Producers;
import io.streambind.producer.PublishStats;
import io.streambind.producer.synthetic.SyntheticOptions;
import io.streambind.report.ContinualTable;
import io.streambind.report.ReportPage;
import io.streambind.schemas.registry.RegistryClientConfig;
import io.streambind.schemas.registry.RestSchemaRegistryClient;
import io.streambind.schemas.topics.TopicProvisioner;
import io.streambind.schemas.topics.Topics;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.Producer;

/**
 * The whole system on loopback: embedded broker and registry, the learner, a benchmark stream (the
 * synthetic 11-step one, or WordNet encoded by real text encoders) streamed once per compared method
 * (one model each), live step lines, the paper-style table and the HTML report. Everything but the output directory is removed at the end.
 */
public final class Demo {
    /**
     * What the demo runs.
     *
     * @param stream the stream directory streamed once per method, written into {@code outDir/stream}
     * @param learningRate AdamW learning rate of every model ({@code dns.lr})
     * @param publishFirst publish the whole stream before the learner starts, so its time is the learner's
     *     alone (for benchmarks); otherwise producers and learner run together, as in production
     * @param cluster client settings of a running cluster and registry to use instead of the embedded stack
     *     (bootstrap.servers, schema.registry.url, security keys); null starts the embedded stack. The run
     *     then uses topics and an application id of its own, and deletes its topics, consumer group and schema subjects at the end.
     */
    public record Options(
            DemoStream stream,
            List<DemoMethod> methods,
            double learningRate,
            Path outDir,
            boolean keepRunning,
            Duration timeout,
            boolean publishFirst,
            Properties cluster) {
        public Options(
                SyntheticOptions synthetic,
                List<DemoMethod> methods,
                double learningRate,
                Path outDir,
                boolean keepRunning,
                Duration timeout,
                boolean publishFirst,
                Properties cluster) {
            this(
                    DemoStream.synthetic(synthetic),
                    methods,
                    learningRate,
                    outDir,
                    keepRunning,
                    timeout,
                    publishFirst,
                    cluster);
        }

        public Options(
                SyntheticOptions synthetic,
                List<DemoMethod> methods,
                double learningRate,
                Path outDir,
                boolean keepRunning,
                Duration timeout) {
            this(synthetic, methods, learningRate, outDir, keepRunning, timeout, false, null);
        }

        public Options(
                DemoStream stream,
                List<DemoMethod> methods,
                double learningRate,
                Path outDir,
                boolean keepRunning,
                Duration timeout) {
            this(stream, methods, learningRate, outDir, keepRunning, timeout, false, null);
        }
    }

    /**
     * The demo's learning rate. The small stream trains a few epochs of a few hundred pairs per step, far
     * fewer updates than the paper's runs at 1e-4; a larger rate lets minutes show what hours show.
     */
    public static final double DEFAULT_LEARNING_RATE = 1e-3;

    private static final Duration LEARNER_START_TIMEOUT = Duration.ofMinutes(2);
    /** The learner's application id on the embedded stack, which every run starts afresh. */
    private static final String APPLICATION_ID = "streambind-demo";

    /** Figures of one method at the end of the run. */
    public record MethodResult(
            DemoMethod method, List<StepReport> reports, ContinualTable table, double wallSeconds, long trainPairs) {
        public double pairsPerSecond() {
            return trainPairs / wallSeconds;
        }
    }

    /**
     * What a run measured: per-method results in the order of {@code options.methods()}, the bytes the
     * learner's state stores wrote to their changelog topics for the training batches of all models, and
     * the seconds from starting the learner to its RUNNING state (not in any method's wall time).
     */
    public record Result(
            List<MethodResult> methods, long changelogBytes, long trainBatches, double learnerStartupSeconds) {
        public double changelogBytesPerBatch() {
            return trainBatches == 0 ? 0 : (double) changelogBytes / trainBatches;
        }
    }

    /** Told when the methods start and end streaming, with the learner running: how a benchmark measures a run. */
    public interface StreamingProbe {
        StreamingProbe NONE = new StreamingProbe() {};

        default void started(LearnerApp learner) {}

        /** Called whether or not streaming succeeded. */
        default void ended(LearnerApp learner) {}
    }

    private final Options options;
    private final PrintStream out;
    private final StreamingProbe probe;
    private final DemoConsole console;

    public Demo(Options options, PrintStream out) {
        this(options, out, StreamingProbe.NONE);
    }

    /** A run that tells {@code probe} when streaming starts and ends. */
    public Demo(Options options, PrintStream out, StreamingProbe probe) {
        this.options = options;
        this.out = out;
        this.probe = probe;
        this.console = new DemoConsole(out);
    }

    /** The learner's start milestones (INFO, for operators of {@code ./streambind learner}) stay out of the demo's table. */
    private static final String START_TIMELINE_LEVEL = "org.slf4j.simpleLogger.log.io.streambind.learner.StartTimeline";

    /** Runs the demo. */
    public Result run() throws IOException, InterruptedException {
        if (System.getProperty(START_TIMELINE_LEVEL) == null) {
            System.setProperty(START_TIMELINE_LEVEL, "warn"); // read when the logger is made, as the learner starts
        }
        Files.createDirectories(options.outDir());
        Path work = Files.createTempDirectory("streambind-demo-");
        try {
            return runIn(work);
        } finally {
            deleteRecursively(work);
        }
    }

    private Result runIn(Path work) throws IOException, InterruptedException {
        if (options.cluster() != null) {
            RunScope scope = RunScope.on(options.cluster());
            out.printf(
                    Locale.ROOT,
                    "[1/4] Using the cluster at %s and the registry at %s; this run's topics start with %s%n",
                    options.cluster().get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG),
                    options.cluster().get(RegistryClientConfig.URL_CONFIG),
                    scope.prefix());
            try {
                return runOn(scope.clientProperties(), (short) -1, scope.applicationId(), work);
            } finally {
                scope.remove();
            }
        }
        out.println("[1/4] Starting the embedded stack on loopback");
        try (EmbeddedStack stack = EmbeddedStack.start(work.resolve("kafka"))) {
            out.printf(
                    Locale.ROOT,
                    "      Kafka broker (KRaft, in-process)  %s   started in %.1f s%n",
                    stack.bootstrapServers(),
                    stack.brokerStartupMillis() / 1e3);
            out.printf(
                    Locale.ROOT,
                    "      schema registry                    %s   started in %.2f s%n",
                    stack.registryUrl(),
                    stack.registryStartupMillis() / 1e3);
            return runOn(stack.clientProperties(), (short) 1, APPLICATION_ID, work);
        }
    }

    /** The run on a cluster: topics, stream, learner, the measured methods and the report. */
    private Result runOn(Properties cluster, short replicationFactor, String applicationId, Path work)
            throws IOException, InterruptedException {
        Map<String, Object> client = toMap(cluster);
        Topics topics = new Topics(client, new RestSchemaRegistryClient(client));
        TopicProvisioner.createMissing(
                cluster,
                topics,
                Math.max(2, options.methods().size()),
                replicationFactor,
                EmbeddedKafkaConfig.DEFAULT_MAX_RECORD_BYTES);
        StreamDirectory stream = options.stream().write(options.outDir().resolve("stream"), out);
        if (options.publishFirst()) {
            publishAll(stream, topics, client);
        }
        Stopwatch starting = Stopwatch.start();
        try (LearnerApp learner = LearnerApp.start(learnerSettings(cluster, applicationId, work.resolve("state")))) {
            // The clock of every method starts once the learner runs: a learner is started once and then
            // trains for as long as the stream lasts, so its start-up is reported on its own.
            learner.awaitRunning(LEARNER_START_TIMEOUT);
            double startupSeconds = starting.seconds();
            String base = "http://127.0.0.1:" + learner.httpPort();
            out.printf(Locale.ROOT, "      learner (Kafka Streams, exactly-once) running in %.1f s%n", startupSeconds);
            out.println("      learner metrics                    " + base + "/metrics");
            out.println("      learner models                     " + base + "/models");
            List<MethodResult> results = streamProbed(learner, stream, topics, client);
            long trainBatches = options.methods().size()
                    * stream.events().stream()
                            .filter(e -> e instanceof BatchEvent b && b.split() == Split.TRAIN)
                            .count();
            Result result = new Result(
                    results, learner.bytesSent(topic -> topic.endsWith("-changelog")), trainBatches, startupSeconds);
            console.table(result);
            writeReport(results);
            if (options.keepRunning()) {
                out.println("Running until Ctrl-C: curl " + base + "/metrics, " + base + "/models");
                awaitCtrlC();
            }
            return result;
        }
    }

    private Map<String, String> learnerSettings(Properties cluster, String applicationId, Path stateDir) {
        Map<String, String> settings = new HashMap<>();
        cluster.forEach((k, v) -> settings.put(k.toString(), v.toString()));
        settings.put("application.id", applicationId);
        settings.put("state.dir", stateDir.toString());
        settings.put(LearnerConfig.HTTP_HOST, "127.0.0.1");
        settings.put(LearnerConfig.HTTP_PORT, "0");
        settings.put(DnsConfig.LEARNING_RATE, Double.toString(options.learningRate()));
        for (DemoMethod method : options.methods()) {
            settings.putAll(method.learnerOverrides());
        }
        return settings;
    }

    private List<MethodResult> streamProbed(
            LearnerApp learner, StreamDirectory stream, Topics topics, Map<String, Object> client)
            throws InterruptedException {
        probe.started(learner);
        try {
            return stream(stream, topics, client);
        } finally {
            probe.ended(learner);
        }
    }

    private List<MethodResult> stream(StreamDirectory stream, Topics topics, Map<String, Object> client)
            throws InterruptedException {
        long steps =
                stream.events().stream().filter(e -> e instanceof StepEndEvent).count();
        long trainPairs = stream.events().stream()
                .filter(e -> e instanceof BatchEvent b && b.split() == Split.TRAIN)
                .mapToLong(e -> ((BatchEvent) e).rows())
                .sum();
        out.printf(
                Locale.ROOT,
                "[3/4] Streaming it once per method (%d steps, %d training pairs each, lr %s): %s%n",
                steps,
                trainPairs,
                options.learningRate(),
                String.join(
                        ", ", options.methods().stream().map(DemoMethod::name).toList()));
        console.stepHeader();
        Stopwatch streaming = Stopwatch.start();
        ExecutorService senders = Executors.newFixedThreadPool(options.methods().size());
        try {
            List<Future<?>> sends = new ArrayList<>();
            if (!options.publishFirst()) {
                for (DemoMethod method : options.methods()) {
                    sends.add(senders.submit(() -> publish(stream, method, topics, client)));
                }
            }
            StepReportWatch.Watched watched = new StepReportWatch(topics, client, console)
                    .until(options.methods().size(), steps, streaming, options.timeout(), sends);
            List<MethodResult> results = new ArrayList<>();
            for (DemoMethod method : options.methods()) {
                List<StepReport> reports = watched.reports().get(method.modelId());
                results.add(new MethodResult(
                        method,
                        reports,
                        ContinualTable.of(method.modelId(), reports),
                        watched.finishedSeconds().get(method.modelId()),
                        trainPairs));
            }
            return results;
        } finally {
            senders.shutdownNow();
        }
    }

    private void publishAll(StreamDirectory stream, Topics topics, Map<String, Object> client) throws IOException {
        out.println("      publishing the whole stream before the learner starts");
        for (DemoMethod method : options.methods()) {
            publish(stream, method, topics, client);
        }
    }

    private Void publish(StreamDirectory stream, DemoMethod method, Topics topics, Map<String, Object> client)
            throws IOException {
        PublishStats stats = new PublishStats(out, false);
        try (Producer<String, StreamRecord> producer =
                Producers.open(client, topics.batches().valueSerde().serializer())) {
            BatchPublisher publisher = new BatchPublisher(
                    producer,
                    topics.batches().name(),
                    method.modelId(),
                    UUID.randomUUID().toString(),
                    0,
                    Producers.maxRequestBytes(client),
                    0,
                    0,
                    "streambind demo",
                    stats);
            DirectorySource.emit(stream, publisher);
            publisher.flush();
        }
        return null;
    }

    private void writeReport(List<MethodResult> results) throws IOException {
        List<ReportPage.ModelReports> models = new ArrayList<>();
        for (MethodResult r : results) {
            models.add(new ReportPage.ModelReports(r.method().modelId(), r.reports()));
        }
        Path report = options.outDir().resolve("report.html");
        Files.writeString(report, ReportPage.render("StreamBind demo", models), StandardCharsets.UTF_8);
        out.println("      report: " + report.toAbsolutePath());
    }

    private static void awaitCtrlC() throws InterruptedException {
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
        stop.await();
    }

    /** Client settings as the Kafka and registry clients take them. */
    public static Map<String, Object> toMap(Properties props) {
        Map<String, Object> map = new HashMap<>();
        props.forEach((k, v) -> map.put(k.toString(), v));
        return map;
    }

    public static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
