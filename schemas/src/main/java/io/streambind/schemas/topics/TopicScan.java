package io.streambind.schemas.topics;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reading a whole topic without a consumer group: every partition assigned, from the beginning, nothing
 * committed. What the reports and snapshot readers, the demo and the tests share.
 */
public final class TopicScan {
    private TopicScan() {}

    /**
     * A consumer of every partition of {@code topic}, positioned at the beginning; the caller closes it.
     * {@code clientConfig} carries the connection and security settings (and the isolation level, if any).
     */
    public static <K, V> KafkaConsumer<K, V> fromBeginning(
            Map<String, ?> clientConfig, String topic, Deserializer<K> keys, Deserializer<V> values, Duration timeout) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        KafkaConsumer<K, V> consumer = new KafkaConsumer<>(config, keys, values);
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            return consumer;
        } catch (RuntimeException e) {
            consumer.close();
            throw e;
        }
    }

    /** {@link #fromBeginning} of a typed topic. */
    public static <K, V> KafkaConsumer<K, V> fromBeginning(
            Map<String, ?> clientConfig, Topic<K, V> topic, Duration timeout) {
        return fromBeginning(
                clientConfig,
                topic.name(),
                topic.keySerde().deserializer(),
                topic.valueSerde().deserializer(),
                timeout);
    }

    /** The end offsets of every partition the consumer holds: where a scan of the topic as it is now stops. */
    public static Map<TopicPartition, Long> endOffsets(KafkaConsumer<?, ?> consumer, Duration timeout) {
        return consumer.endOffsets(consumer.assignment(), timeout);
    }

    /** Whether the consumer has read every partition up to {@code end}. */
    public static boolean reachedEnd(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> partition : end.entrySet()) {
            if (consumer.position(partition.getKey()) < partition.getValue()) {
                return false;
            }
        }
        return true;
    }
}
