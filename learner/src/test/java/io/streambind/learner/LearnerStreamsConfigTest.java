package io.streambind.learner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/** The learner's own Kafka Streams defaults, and that a user's setting wins over each of them. */
class LearnerStreamsConfigTest {
    @Test
    void exactlyOnceWithAStepSizedCommitIntervalCacheTransactionTimeoutAndFetch() {
        StreamsConfig streams = new StreamsConfig(
                LearnerStreamsConfig.properties(Map.of("bootstrap.servers", "broker:9092"), "127.0.0.1", 8080));
        assertThat(streams.getString(StreamsConfig.PROCESSING_GUARANTEE_CONFIG))
                .isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
        assertThat(streams.getLong(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo(5_000L);
        assertThat(streams.getLong(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG))
                .isEqualTo(256L << 20);
        assertThat(streams.getProducerConfigs("client").get(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG))
                .isEqualTo("30000");
        assertThat(streams.getProducerConfigs("client").get(ProducerConfig.BUFFER_MEMORY_CONFIG))
                .isEqualTo(Long.toString(128L << 20));
        Map<String, Object> consumer = streams.getMainConsumerConfigs("group", "client", 0);
        assertThat(consumer.get(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG))
                .isEqualTo(Integer.toString(4 << 20));
        assertThat(consumer.get(ConsumerConfig.RECEIVE_BUFFER_CONFIG)).isEqualTo(Integer.toString(8 << 20));
        assertThat(consumer.get(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG)).isEqualTo("6000");
        assertThat(consumer.get(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG)).isEqualTo("1500");
    }

    @Test
    void aSessionTimeoutGivenForTheConsumersWins() {
        StreamsConfig streams = new StreamsConfig(LearnerStreamsConfig.properties(
                Map.of(
                        "bootstrap.servers",
                        "broker:9092",
                        "consumer." + ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG,
                        "15000"),
                "127.0.0.1",
                8080));
        assertThat(streams.getMainConsumerConfigs("group", "client", 0).get(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG))
                .isEqualTo("15000");
    }

    @Test
    void userSettingsOverrideTheDefaults() {
        StreamsConfig streams = new StreamsConfig(LearnerStreamsConfig.properties(
                Map.of(
                        "bootstrap.servers",
                        "broker:9092",
                        StreamsConfig.COMMIT_INTERVAL_MS_CONFIG,
                        "100",
                        StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG,
                        "0",
                        "producer." + ProducerConfig.TRANSACTION_TIMEOUT_CONFIG,
                        "60000",
                        "producer." + ProducerConfig.BUFFER_MEMORY_CONFIG,
                        "1048576",
                        "main.consumer." + ConsumerConfig.RECEIVE_BUFFER_CONFIG,
                        "65536"),
                "127.0.0.1",
                8080));
        assertThat(streams.getLong(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo(100L);
        assertThat(streams.getLong(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG))
                .isZero();
        assertThat(streams.getProducerConfigs("client").get(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG))
                .isEqualTo("60000");
        assertThat(streams.getProducerConfigs("client").get(ProducerConfig.BUFFER_MEMORY_CONFIG))
                .isEqualTo("1048576");
        assertThat(streams.getMainConsumerConfigs("group", "client", 0).get(ConsumerConfig.RECEIVE_BUFFER_CONFIG))
                .isEqualTo("65536");
    }
}
