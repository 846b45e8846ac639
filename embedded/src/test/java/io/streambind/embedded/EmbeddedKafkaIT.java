package io.streambind.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaIT {

    @TempDir
    Path dataDir;

    @Test
    void keepsTopicsAndRecordsAcrossRestartsOnTheSameDataDirectory() throws Exception {
        String firstAddress;
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dataDir)) {
            System.out.printf("embedded broker start: %d ms%n", kafka.startupMillis());
            firstAddress = kafka.bootstrapServers();
            assertThat(firstAddress).startsWith("127.0.0.1:");
            createTopic(kafka, "kept", Map.of());
            produce(kafka, "kept", List.of("a", "b"));

            kafka.restart();
            System.out.printf("embedded broker restart (same ports): %d ms%n", kafka.startupMillis());
            assertThat(kafka.bootstrapServers()).isEqualTo(firstAddress);
            produce(kafka, "kept", List.of("c"));
            assertThat(readAll(kafka, "kept")).containsExactly("a", "b", "c");
        }

        try (EmbeddedKafka again = EmbeddedKafka.start(dataDir)) {
            System.out.printf("embedded broker start on existing data: %d ms%n", again.startupMillis());
            try (Admin admin = admin(again)) {
                assertThat(admin.listTopics().names().get()).contains("kept");
            }
            assertThat(readAll(again, "kept")).containsExactly("a", "b", "c");
        }
    }

    @Test
    void refusesAutoCreationAndHonoursTheConfiguredRecordLimit() throws Exception {
        int fourMiB = 4 * 1024 * 1024;
        EmbeddedKafkaConfig config = EmbeddedKafkaConfig.builder(dataDir)
                .maxRecordBytes(fourMiB + 64 * 1024)
                .build();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(config)) {
            createTopic(kafka, "large", Map.of());
            byte[] matrix = new byte[fourMiB];
            matrix[fourMiB - 1] = 7;
            try (KafkaProducer<byte[], byte[]> producer = bytesProducer(kafka, fourMiB * 2)) {
                producer.send(new ProducerRecord<>("large", matrix)).get();
                assertThatThrownBy(() -> producer.send(new ProducerRecord<>("large", new byte[fourMiB + 128 * 1024]))
                                .get())
                        .isInstanceOf(ExecutionException.class)
                        .hasCauseInstanceOf(RecordTooLargeException.class);
            }
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                    consumerProps(kafka, fourMiB * 2), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                TopicPartition partition = new TopicPartition("large", 0);
                consumer.assign(List.of(partition));
                consumer.seekToBeginning(List.of(partition));
                byte[] received = null;
                long deadline = System.currentTimeMillis() + 30_000;
                while (received == null && System.currentTimeMillis() < deadline) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                        received = r.value();
                    }
                }
                assertThat(received).isEqualTo(matrix);
            }
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                    Map.of(
                            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                            kafka.bootstrapServers(),
                            ProducerConfig.MAX_BLOCK_MS_CONFIG,
                            3000),
                    new StringSerializer(),
                    new StringSerializer())) {
                assertThatThrownBy(() -> producer.send(new ProducerRecord<>("no-such-topic", "x"))
                                .get())
                        .hasMessageContaining("no-such-topic");
            }
        }
    }

    static void createTopic(EmbeddedKafka kafka, String name, Map<String, String> configs) throws Exception {
        try (Admin admin = admin(kafka)) {
            admin.createTopics(List.of(new NewTopic(name, 1, (short) 1).configs(configs)))
                    .all()
                    .get();
        }
    }

    private static Admin admin(EmbeddedKafka kafka) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    private static void produce(EmbeddedKafka kafka, String topic, List<String> values) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        kafka.bootstrapServers(),
                        ProducerConfig.ACKS_CONFIG,
                        "all"),
                new StringSerializer(),
                new StringSerializer())) {
            for (String value : values) {
                producer.send(new ProducerRecord<>(topic, value)).get();
            }
        }
    }

    private static List<String> readAll(EmbeddedKafka kafka, String topic) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                consumerProps(kafka, 1 << 20), new StringDeserializer(), new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(Set.of(partition));
            consumer.seekToBeginning(Set.of(partition));
            long end = consumer.endOffsets(Set.of(partition)).get(partition);
            List<String> values = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 30_000;
            while (consumer.position(partition) < end && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
            }
            return values;
        }
    }

    private static Map<String, Object> consumerProps(EmbeddedKafka kafka, int maxFetchBytes) {
        return Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
                maxFetchBytes,
                ConsumerConfig.FETCH_MAX_BYTES_CONFIG,
                maxFetchBytes);
    }

    private static KafkaProducer<byte[], byte[]> bytesProducer(EmbeddedKafka kafka, int maxRequestSize) {
        return new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        kafka.bootstrapServers(),
                        ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                        maxRequestSize,
                        ProducerConfig.BUFFER_MEMORY_CONFIG,
                        (long) maxRequestSize * 2),
                new ByteArraySerializer(),
                new ByteArraySerializer());
    }
}
