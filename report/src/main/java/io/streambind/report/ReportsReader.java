package io.streambind.report;

import io.streambind.avro.StepReport;
import io.streambind.schemas.topics.Topic;
import io.streambind.schemas.topics.TopicScan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/** Reads the step reports topic from its beginning to its current end, without a consumer group. */
public final class ReportsReader {
    private ReportsReader() {}

    /**
     * @param clientProps connection and security settings (bootstrap servers, SASL/SSL) for the consumer
     * @param models the model ids to keep; empty keeps every model
     * @return reports per model id in step order (a re-emitted step keeps its last report)
     */
    public static Map<String, List<StepReport>> readAll(
            Properties clientProps, Topic<String, StepReport> topic, Set<String> models, Duration timeout) {
        Map<String, Object> config = new HashMap<>();
        clientProps.forEach((key, value) -> config.put(String.valueOf(key), value));
        Map<String, TreeMap<Long, StepReport>> byModel = new TreeMap<>();
        try (KafkaConsumer<String, StepReport> consumer = TopicScan.fromBeginning(config, topic, timeout)) {
            Map<TopicPartition, Long> end = TopicScan.endOffsets(consumer, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!TopicScan.reachedEnd(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "Timed out reading " + topic.name() + " to its end after " + timeout);
                }
                for (ConsumerRecord<String, StepReport> record : consumer.poll(Duration.ofMillis(200))) {
                    StepReport report = record.value();
                    if (report != null && (models.isEmpty() || models.contains(report.getModelId()))) {
                        byModel.computeIfAbsent(report.getModelId(), k -> new TreeMap<>())
                                .put(report.getStep(), report);
                    }
                }
            }
        }
        Map<String, List<StepReport>> result = new TreeMap<>();
        byModel.forEach((model, steps) -> result.put(model, new ArrayList<>(steps.values())));
        return result;
    }
}
