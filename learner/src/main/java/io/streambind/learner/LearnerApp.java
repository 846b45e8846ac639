package io.streambind.learner;

import io.streambind.learner.eval.ContinualEvaluation;
import io.streambind.learner.metrics.LearnerMeters;
import io.streambind.learner.metrics.LearnerMetrics;
import io.streambind.learner.process.ProcessingSettings;
import io.streambind.learner.process.StepEvaluator;
import io.streambind.learner.recovery.OrphanedTransactionAborter;
import io.streambind.learner.serve.LearnerHttpServer;
import io.streambind.learner.serve.ServingSettings;
import io.streambind.learner.state.ChangelogSegments;
import io.streambind.learner.state.SnapshotWrites;
import io.streambind.schemas.registry.RegistryConfigurationException;
import io.streambind.schemas.registry.RestSchemaRegistryClient;
import io.streambind.schemas.registry.SchemaRegistryException;
import io.streambind.schemas.topics.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.state.HostInfo;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the learner's Kafka Streams application and its HTTP server, and stops both. */
public final class LearnerApp implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LearnerApp.class);
    /** How long the changelog segment setup waits for the broker before it warns and gives up. */
    private static final Duration SETUP_TIMEOUT = Duration.ofSeconds(10);

    private final KafkaStreams streams;
    private final LearnerHttpServer http;
    private final LearnerMeters meters;
    private final Optional<OrphanedTransactionAborter> aborter;

    private LearnerApp(
            KafkaStreams streams,
            LearnerHttpServer http,
            LearnerMeters meters,
            Optional<OrphanedTransactionAborter> aborter) {
        this.streams = streams;
        this.http = http;
        this.meters = meters;
        this.aborter = aborter;
    }

    /**
     * The learner with continual evaluation (dns-spec §6) at every step end.
     *
     * @param settings learner.*, dns.*, model.*.dns.*, streambind.* (topics, decode limits), schema.registry.*
     *                 and Kafka Streams/client keys; bootstrap.servers and schema.registry.url are required
     */
    public static LearnerApp start(Map<String, String> settings) {
        return start(settings, metrics -> new ContinualEvaluation(new LearnerConfig(settings).maxTestPairs(), metrics));
    }

    /** The learner with another evaluator ({@link StepEvaluator#NONE} for none). */
    public static LearnerApp start(Map<String, String> settings, StepEvaluator evaluator) {
        return start(settings, metrics -> evaluator);
    }

    private static LearnerApp start(Map<String, String> settings, Function<LearnerMetrics, StepEvaluator> evaluators) {
        StartTimeline timeline = new StartTimeline();
        timeline.mark("learner start called");
        warmUpNd4j(timeline);
        LearnerConfig config = new LearnerConfig(settings);
        ModelConfigs modelConfigs = ModelConfigs.parse(settings);
        Topics topics = new Topics(settings, new RestSchemaRegistryClient(settings));
        try {
            topics.requireOutputSchemasRegistered();
        } catch (SchemaRegistryException e) {
            // Unreachable is not missing: start as with auto-registration, which rides out a registry outage.
            log.warn("Cannot look up the output schemas now; the first step end will: {}", e.getMessage());
        }
        timeline.mark("settings, topic serdes and registry client ready");
        LearnerMeters meters = new LearnerMeters();
        timeline.followFirstBatch(meters.registry());
        LearnerHttpServer http;
        try {
            http = LearnerHttpServer.start(
                    config.httpHost(), config.httpPort(), meters.registry(), ServingSettings.from(config));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot bind the learner's HTTP server to " + config.httpHost() + ":" + config.httpPort(), e);
        }
        StreamsBuilder builder = new StreamsBuilder();
        LearnerMetrics metrics = new LearnerMetrics(meters.registry());
        SnapshotWrites snapshotWrites = new SnapshotWrites();
        LearnerTopology.build(
                builder,
                topics,
                ProcessingSettings.from(config, modelConfigs),
                metrics,
                evaluators.apply(metrics),
                snapshotWrites);
        Properties props = LearnerStreamsConfig.properties(settings, config.httpAdvertisedHost(), http.port());
        InstanceIdentity.apply(props, config);
        alignChangelogSegments(props, config.changelogSegmentBytes(), timeline);
        Optional<OrphanedTransactionAborter> aborter =
                config.abortOrphanedTransactions() ? Optional.of(startAborter(props)) : Optional.empty();
        KafkaStreams streams = new KafkaStreams(builder.build(), props);
        streams.setStateListener((now, before) -> {
            timeline.onStateChange(now, before);
            aborter.ifPresent(a -> a.onStateChange(now));
        });
        meters.bind(streams, config.metricsKafkaRefresh());
        streams.setUncaughtExceptionHandler(LearnerApp::onStreamThreadFailure);
        http.attach(streams, snapshotWrites, new HostInfo(config.httpAdvertisedHost(), http.port()));
        streams.start();
        log.info(
                "Learner started: application.id={}, group.instance.id={}, HTTP on {}:{}",
                props.get("application.id"),
                props.get(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG),
                config.httpHost(),
                http.port());
        timeline.mark("Kafka Streams started");
        return new LearnerApp(streams, http, meters, aborter);
    }

    private static OrphanedTransactionAborter startAborter(Properties props) {
        StreamsConfig streamsConfig = new StreamsConfig(props);
        Object timeout =
                streamsConfig.getProducerConfigs("streambind-learner").get(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG);
        return OrphanedTransactionAborter.start(
                streamsConfig.getAdminConfigs("streambind-learner-transactions"),
                streamsConfig.getString(StreamsConfig.APPLICATION_ID_CONFIG),
                Duration.ofMillis(Long.parseLong(String.valueOf(timeout))));
    }

    /**
     * Sets the segment size of existing changelogs beside the start instead of before it: a few admin round
     * trips (up to 6 s on a loaded 2-core host) that only bound later restores, so the start need not wait.
     */
    private static void alignChangelogSegments(Properties props, int segmentBytes, StartTimeline timeline) {
        Map<String, Object> adminConfigs = new StreamsConfig(props).getAdminConfigs("streambind-learner-setup");
        String applicationId = props.getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
        Thread setup = new Thread(
                () -> {
                    try (Admin admin = Admin.create(adminConfigs)) {
                        ChangelogSegments.align(admin, applicationId, segmentBytes, SETUP_TIMEOUT);
                    }
                    timeline.mark("changelog segments aligned");
                },
                "streambind-changelog-segments");
        setup.setDaemon(true);
        setup.start();
    }

    /**
     * Loads ND4J and OpenBLAS (about 1.3 s here) beside the registry, broker and group calls of the start,
     * instead of on the stream thread when it restores or trains its first model.
     */
    private static void warmUpNd4j(StartTimeline timeline) {
        Thread warmUp = new Thread(
                () -> {
                    Nd4j.create(DataType.FLOAT, new long[] {2, 2}, 'f')
                            .mmul(Nd4j.create(DataType.FLOAT, new long[] {2, 2}, 'f'));
                    timeline.mark("ND4J and OpenBLAS loaded");
                },
                "streambind-nd4j-warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
    }

    /**
     * Waits until Kafka Streams reports RUNNING: the group has assigned the tasks and their stores are
     * restored, so records are processed from now on.
     *
     * @throws IllegalStateException if it is not RUNNING within {@code timeout}
     */
    public void awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "the learner is not RUNNING after " + timeout + " but " + streams.state());
            }
            Thread.sleep(10);
        }
    }

    /**
     * A thread that fails (e.g. the registry is briefly down) is replaced; exactly-once means it resumes
     * from the last committed transaction, nothing applied twice. A registry URL that leads to no registry
     * would fail every thread on every record the same way: the learner stops (state ERROR) instead,
     * having committed nothing past the record.
     */
    private static StreamThreadExceptionResponse onStreamThreadFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof RegistryConfigurationException misconfigured) {
                log.error(
                        "Learner stopping: the schema registry is misconfigured, so no record can be read: {}",
                        misconfigured.getMessage());
                return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            }
        }
        log.error("Learner stream thread failed; replacing it", failure);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    public KafkaStreams streams() {
        return streams;
    }

    /** The meters /metrics serves (training, drift, work by phase, Kafka Streams). */
    public io.micrometer.core.instrument.MeterRegistry meterRegistry() {
        return meters.registry();
    }

    /**
     * Bytes this learner's producers have sent to the topics {@code topic} accepts (record batches as
     * sent, from the clients' {@code byte-total}; compaction on the broker does not shrink it).
     */
    public long bytesSent(Predicate<String> topic) {
        double bytes = 0;
        for (var metric : streams.metrics().values()) {
            var name = metric.metricName();
            if (name.group().equals("producer-topic-metrics")
                    && name.name().equals("byte-total")
                    && topic.test(name.tags().getOrDefault("topic", ""))
                    && metric.metricValue() instanceof Double v) {
                bytes += v;
            }
        }
        return (long) bytes;
    }

    public int httpPort() {
        return http.port();
    }

    @Override
    public void close() {
        http.close();
        // Leaving the group hands this instance's models to the others at once instead of after the
        // session timeout.
        streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(30)));
        aborter.ifPresent(OrphanedTransactionAborter::close);
        meters.close();
    }
}
