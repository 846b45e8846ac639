package io.streambind.learner;

import io.micrometer.core.instrument.MeterRegistry;
import io.streambind.learner.metrics.LearnerMetrics;
import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs where a learner's start goes: each milestone from the JVM's start to the first trained batch, in
 * milliseconds since the JVM started, so that a restart's seconds can be told apart (JVM and class loading,
 * setup calls to the registry and broker, ND4J, the group's rebalance, the restore of the stores).
 */
final class StartTimeline {
    private static final Logger log = LoggerFactory.getLogger(StartTimeline.class);

    private final AtomicBoolean firstBatchSeen = new AtomicBoolean();

    void mark(String milestone) {
        log.info("Learner start: {} at {} ms since the JVM started", milestone, uptimeMillis());
    }

    /** Marks every rebalance and every return to RUNNING (the tasks assigned and their stores restored). */
    void onStateChange(KafkaStreams.State now, KafkaStreams.State before) {
        mark("Kafka Streams " + before + " -> " + now);
    }

    /** Marks the first batch this process trains: its pair's meters are registered as it finishes. */
    void followFirstBatch(MeterRegistry registry) {
        registry.config().onMeterAdded(meter -> {
            if (meter.getId().getName().equals(LearnerMetrics.BATCHES_TRAINED)
                    && firstBatchSeen.compareAndSet(false, true)) {
                mark("first batch trained (model " + meter.getId().getTag("model") + ")");
            }
        });
    }

    static long uptimeMillis() {
        return ManagementFactory.getRuntimeMXBean().getUptime();
    }
}
