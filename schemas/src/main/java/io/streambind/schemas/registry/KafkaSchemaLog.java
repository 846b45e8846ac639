package io.streambind.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.Schema;
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
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Keeps the embedded registry's events in a single-partition compacted topic, in the JSON layout of
 * Confluent's own {@code _schemas} topic (SCHEMA and CONFIG keys), so a restart replays the same ids.
 */
final class KafkaSchemaLog implements SchemaEventLog, AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REPLAY_TIMEOUT = Duration.ofSeconds(60);

    private final String topic;
    private final KafkaProducer<String, String> producer;
    private final Duration sendTimeout;

    private KafkaSchemaLog(String topic, KafkaProducer<String, String> producer, Duration sendTimeout) {
        this.topic = topic;
        this.producer = producer;
        this.sendTimeout = sendTimeout;
    }

    /** Creates the topic when missing, replays it to its end into {@code store}, and opens the writer. */
    static KafkaSchemaLog open(
            String bootstrapServers, String topic, short replicationFactor, SchemaStore store, Duration sendTimeout) {
        createTopic(bootstrapServers, topic, replicationFactor);
        replay(bootstrapServers, topic, store);
        KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        true,
                        ProducerConfig.LINGER_MS_CONFIG,
                        0, // one registration at a time, each awaited: nothing to batch
                        ProducerConfig.MAX_BLOCK_MS_CONFIG,
                        (int) sendTimeout.toMillis(),
                        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                        (int) sendTimeout.toMillis(),
                        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                        (int) Math.min(sendTimeout.toMillis(), 30_000)),
                new StringSerializer(),
                new StringSerializer());
        return new KafkaSchemaLog(topic, producer, sendTimeout);
    }

    /** Appends a registration and returns once the broker has it (acks=all). */
    @Override
    public void appendVersion(SchemaVersion version) {
        appendSchema(version, false);
    }

    /** As Confluent's registry does: the version's record again, under the same key, marked deleted. */
    @Override
    public void appendDeletion(SchemaVersion version) {
        appendSchema(version, true);
    }

    private void appendSchema(SchemaVersion version, boolean deleted) {
        ObjectNode key = JSON.createObjectNode()
                .put("keytype", "SCHEMA")
                .put("subject", version.subject())
                .put("version", version.version())
                .put("magic", 1);
        ObjectNode value = JSON.createObjectNode()
                .put("subject", version.subject())
                .put("version", version.version())
                .put("id", version.id())
                .put("schema", version.schema().toString())
                .put("deleted", deleted);
        append(key, value);
    }

    @Override
    public void appendLevel(String subject, CompatibilityLevel level) {
        ObjectNode key = JSON.createObjectNode()
                .put("keytype", "CONFIG")
                .put("subject", subject)
                .put("magic", 0);
        append(key, JSON.createObjectNode().put("compatibilityLevel", level.name()));
    }

    private void append(ObjectNode key, ObjectNode value) {
        try {
            producer.send(new ProducerRecord<>(topic, 0, key.toString(), value.toString()))
                    .get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while writing to " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot write to schema topic " + topic + ": " + e.getMessage(), e);
        }
    }

    private static void createTopic(String bootstrapServers, String topic, short replicationFactor) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            NewTopic schemas = new NewTopic(topic, 1, replicationFactor)
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            admin.createTopics(List.of(schemas)).all().get(REPLAY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Cannot create schema topic " + topic + ": " + e.getCause(), e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating " + topic, e);
        } catch (TimeoutException e) {
            throw new IllegalStateException(
                    "Kafka at " + bootstrapServers + " did not answer within " + REPLAY_TIMEOUT, e);
        }
    }

    private static void replay(String bootstrapServers, String topic, SchemaStore store) {
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false),
                new StringDeserializer(),
                new StringDeserializer())) {
            consumer.assign(Set.of(partition));
            consumer.seekToBeginning(Set.of(partition));
            long end = consumer.endOffsets(Set.of(partition), REPLAY_TIMEOUT).get(partition);
            long deadline = System.nanoTime() + REPLAY_TIMEOUT.toNanos();
            while (consumer.position(partition, REPLAY_TIMEOUT) < end) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Schema topic " + topic + " not replayed within " + REPLAY_TIMEOUT);
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    apply(record, store);
                }
            }
        }
    }

    private static void apply(ConsumerRecord<String, String> record, SchemaStore store) {
        if (record.value() == null) {
            return; // tombstone: a permanent delete, which only a Confluent registry sharing the topic writes
        }
        try {
            JsonNode key = JSON.readTree(record.key());
            JsonNode value = JSON.readTree(record.value());
            switch (key.path("keytype").asText()) {
                case "SCHEMA" -> {
                    SchemaVersion version = new SchemaVersion(
                            value.path("subject").asText(),
                            value.path("version").asInt(),
                            value.path("id").asInt(),
                            new Schema.Parser().parse(value.path("schema").asText()));
                    // Compaction may have removed the registration a deletion follows: the schema still
                    // gets its id, as records written with it need it.
                    store.putVersion(version);
                    if (value.path("deleted").asBoolean(false)) {
                        store.deleteVersion(version.subject(), version.version());
                    }
                }
                case "CONFIG" ->
                    store.putLevel(
                            key.path("subject").isTextual()
                                    ? key.path("subject").asText()
                                    : null,
                            CompatibilityLevel.valueOf(
                                    value.path("compatibilityLevel").asText()));
                default -> {} // other key types (NOOP, MODE, ...) carry nothing this registry uses
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Unreadable record at offset " + record.offset() + " of " + record.topic(), e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
