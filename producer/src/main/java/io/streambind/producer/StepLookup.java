package io.streambind.producer;

import io.streambind.avro.StepReport;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
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
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        long next = 0;
        try (KafkaConsumer<String, StepReport> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), reports)) {
            List<TopicPartition> partitions = consumer.partitionsFor(reportsTopic, timeout).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!reachedEnd(consumer, end)) {
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

    private static boolean reachedEnd(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
