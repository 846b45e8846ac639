package io.streambind.learner.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The learner's Prometheus registry: its own {@code streambind_*} meters, JVM (memory, GC, threads,
 * class loading) and process CPU, and an allow-list of Kafka Streams / client metrics.
 *
 * <p>Why an allow-list: Micrometer's Kafka binder registers every Kafka metric, several hundred per
 * thread, counts every {@code *-total} as a counter, and some report sentinels
 * ({@code restore-remaining-records-total} is -1 outside a restore), which Prometheus endpoints have
 * choked on elsewhere. Only the names below pass (Micrometer names as the binder prints them:
 * {@code kafka.} + group without {@code -metrics} + metric, dashes as dots; {@code MonitoringIT} checks
 * them against the binder). Restore is watched per task ({@code task.restore.rate}); the per-store
 * figures appear only once the binder refreshes and multiply series by the store count.
 */
public final class LearnerMeters implements AutoCloseable {
    public static final Set<String> KAFKA_ALLOWED = Set.of(
            "kafka.stream.thread.process.rate",
            "kafka.stream.thread.process.latency.avg",
            "kafka.stream.thread.process.latency.max",
            "kafka.stream.thread.commit.rate",
            "kafka.stream.thread.commit.latency.avg",
            "kafka.stream.thread.commit.latency.max",
            "kafka.stream.thread.poll.rate",
            "kafka.stream.thread.task.created.rate",
            "kafka.stream.thread.task.closed.rate",
            "kafka.stream.task.restore.rate",
            "kafka.consumer.fetch.manager.records.lag.max",
            "kafka.stream.alive.stream.threads",
            "kafka.stream.failed.stream.threads");
    private static final String KAFKA_PREFIX = "kafka.";

    private final PrometheusMeterRegistry registry;
    private final JvmGcMetrics gc;
    private KafkaStreamsMetrics streams;
    private ScheduledExecutorService refresher;

    public LearnerMeters() {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // Filters apply when a meter registers, so this must come before any binder.
        registry.config().meterFilter(MeterFilter.denyUnless(LearnerMeters::allowed));
        new JvmMemoryMetrics().bindTo(registry);
        gc = new JvmGcMetrics();
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
    }

    static boolean allowed(Meter.Id id) {
        return !id.getName().startsWith(KAFKA_PREFIX) || KAFKA_ALLOWED.contains(id.getName());
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /**
     * Binds the allowed Kafka Streams and client metrics of {@code kafkaStreams}, looking for new ones
     * (tasks appear after start) every {@code refresh}.
     */
    public void bind(KafkaStreams kafkaStreams, Duration refresh) {
        refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "learner-kafka-metrics");
            thread.setDaemon(true);
            return thread;
        });
        streams = new KafkaStreamsMetrics(kafkaStreams, Tags.empty(), refresher, refresh);
        streams.bindTo(registry);
    }

    @Override
    public void close() {
        if (streams != null) {
            streams.close();
            refresher.shutdownNow();
        }
        gc.close();
        registry.close();
    }
}
