package io.streambind.producer;

import io.streambind.avro.StepReport;
import io.streambind.schemas.topics.TopicScan;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Finds a model's current (open) step from its latest {@link StepReport}: closed step + 1, or 0. */
public final class StepLookup {
    private static final Duration POLL = Duration.ofMillis(200);

    private StepLookup() {}

    /** Reads the reports topic up to its end offsets (no consumer group, nothing committed). */
    public static long currentStep(
            Map<String, Object> clientConfig,
            String reportsTopic,
            Deserializer<StepReport> reports,
            String modelId,
            Duration timeout) {
        long next = 0;
        try (KafkaConsumer<String, StepReport> consumer =
                TopicScan.fromBeginning(clientConfig, reportsTopic, new StringDeserializer(), reports, timeout)) {
            Map<TopicPartition, Long> end = TopicScan.endOffsets(consumer, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!TopicScan.reachedEnd(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("timed out reading " + reportsTopic + " after " + timeout);
                }
                for (ConsumerRecord<String, StepReport> record : consumer.poll(POLL)) {
                    if (modelId.equals(record.key()) && record.value() != null) {
                        next = Math.max(next, record.value().getStep() + 1);
                    }
                }
            }
        }
        return next;
    }
}
