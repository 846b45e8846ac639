package io.streambind.producer;

import io.streambind.avro.StreamRecord;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The producer every publishing command uses: idempotent, acks=all, user settings passed through. */
public final class Producers {
    /** Kafka's default {@code max.request.size}. */
    static final int DEFAULT_MAX_REQUEST_BYTES = 1024 * 1024;

    private Producers() {}

    /** {@code clientConfig} carries bootstrap servers and any security settings; they are never logged here. */
    public static Producer<String, StreamRecord> open(
            Map<String, Object> clientConfig, Serializer<StreamRecord> values) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaProducer<>(config, new StringSerializer(), values);
    }

    /** The producer's record size limit, which decides how batches are split into parts. */
    public static int maxRequestBytes(Map<String, Object> clientConfig) {
        Object value = clientConfig.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        return value == null
                ? DEFAULT_MAX_REQUEST_BYTES
                : Integer.parseInt(value.toString().trim());
    }
}
