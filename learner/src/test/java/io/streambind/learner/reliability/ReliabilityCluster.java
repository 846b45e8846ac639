package io.streambind.learner.reliability;

import io.streambind.avro.StreamRecord;
import io.streambind.embedded.EmbeddedKafka;
import io.streambind.embedded.EmbeddedKafkaConfig;
import io.streambind.learner.LearnerConfig;
import io.streambind.schemas.registry.EmbeddedRegistryConfig;
import io.streambind.schemas.registry.EmbeddedSchemaRegistry;
import io.streambind.schemas.registry.RegistryClientConfig;
import io.streambind.schemas.registry.RestSchemaRegistryClient;
import io.streambind.schemas.topics.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;

/**
 * One real single-node Kafka and one embedded HTTP schema registry on a fixed port (so a registry
 * restarted on the same {@code _schemas} topic answers at the same URL), the StreamBind topics, and
 * the clients the reliability tests drive them with.
 */
final class ReliabilityCluster implements AutoCloseable {
    /** A killed member leaves the group after this long instead of the 45 s client default. */
    static final int SESSION_TIMEOUT_MS = 6000;

    private final EmbeddedKafka kafka;
    private final int registryPort;
    private final Topics topics;
    private EmbeddedSchemaRegistry registry;

    private ReliabilityCluster(EmbeddedKafka kafka, int registryPort) {
        this.kafka = kafka;
        this.registryPort = registryPort;
        startRegistry();
        this.topics = new Topics(Map.of(), RestSchemaRegistryClient.forUrl(registryUrl()));
    }

    static ReliabilityCluster start(Path dataDir, int batchPartitions) {
        return start(dataDir, batchPartitions, UnaryOperator.identity());
    }

    /** A cluster whose broker settings {@code broker} adds to (e.g. another listener); clients of this class use PLAINTEXT. */
    static ReliabilityCluster start(
            Path dataDir, int batchPartitions, UnaryOperator<EmbeddedKafkaConfig.Builder> broker) {
        EmbeddedKafka kafka = EmbeddedKafka.start(
                broker.apply(EmbeddedKafkaConfig.builder(dataDir).maxRecordBytes(8 << 20))
                        .build());
        ReliabilityCluster cluster = new ReliabilityCluster(kafka, freePort());
        try (Admin admin = cluster.admin()) {
            Topics topics = cluster.topics;
            admin.createTopics(List.of(
                            new NewTopic(topics.batches().name(), batchPartitions, (short) 1),
                            new NewTopic(topics.reports().name(), 1, (short) 1),
                            new NewTopic(topics.models().name(), 1, (short) 1),
                            new NewTopic(topics.deadLetters().name(), 1, (short) 1)))
                    .all()
                    .get();
        } catch (InterruptedException | ExecutionException e) {
            cluster.close();
            throw new IllegalStateException("cannot create the StreamBind topics", e);
        }
        return cluster;
    }

    EmbeddedKafka kafka() {
        return kafka;
    }

    String bootstrap() {
        return kafka.bootstrapServers();
    }

    String registryUrl() {
        return "http://127.0.0.1:" + registryPort;
    }

    Topics topics() {
        return topics;
    }

    Admin admin() {
        return Admin.create(Map.of("bootstrap.servers", bootstrap()));
    }

    void stopRegistry() {
        registry.close();
        registry = null;
    }

    /** Starts a registry on the same port and schema topic; it replays the topic, so ids are unchanged. */
    void startRegistry() {
        registry = EmbeddedSchemaRegistry.start(new EmbeddedRegistryConfig(Map.of(
                EmbeddedRegistryConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                EmbeddedRegistryConfig.PORT_CONFIG, Integer.toString(registryPort))));
    }

    /** Learner settings for this cluster: fast failure detection, small snapshots interval, HTTP on a free port. */
    Map<String, String> learnerSettings(String applicationId, Path stateDir) {
        Map<String, String> settings = new HashMap<>();
        settings.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        settings.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        settings.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        settings.put(
                StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG),
                Integer.toString(SESSION_TIMEOUT_MS));
        settings.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), "1500");
        // A zombie's open transaction blocks read_committed readers of the changelogs until it times out.
        settings.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), "10000");
        settings.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), Integer.toString(8 << 20));
        settings.put(RegistryClientConfig.URL_CONFIG, registryUrl());
        settings.put(LearnerConfig.HTTP_PORT, "0");
        settings.put(LearnerConfig.SNAPSHOT_INTERVAL_BATCHES, "3");
        return settings;
    }

    KafkaProducer<String, StreamRecord> producer() {
        return producer(topics);
    }

    /** An idempotent producer whose value serializer registers through {@code topics}' registry client. */
    KafkaProducer<String, StreamRecord> producer(Topics serdes) {
        return new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap(),
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        true,
                        ProducerConfig.LINGER_MS_CONFIG,
                        5,
                        ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                        8 << 20),
                new StringSerializer(),
                serdes.batches().valueSerde().serializer());
    }

    KafkaProducer<byte[], byte[]> rawProducer() {
        return new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap(),
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        true,
                        ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                        8 << 20),
                new ByteArraySerializer(),
                new ByteArraySerializer());
    }

    /** A consumer in a fresh group that reads committed records from the start of a topic. */
    private <V> KafkaConsumer<byte[], V> committedReader(Deserializer<V> values) {
        return new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap(),
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "reader-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed",
                        ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
                        8 << 20),
                new ByteArrayDeserializer(),
                values);
    }

    /** Committed records of a topic from the start until {@code done} holds for them or the timeout passes. */
    <V> List<ConsumerRecord<byte[], V>> readUntil(
            String topic, Deserializer<V> values, Predicate<List<ConsumerRecord<byte[], V>>> done, Duration timeout) {
        List<ConsumerRecord<byte[], V>> found = new ArrayList<>();
        try (KafkaConsumer<byte[], V> consumer = committedReader(values)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!done.test(found) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(found::add);
            }
        }
        return found;
    }

    /** Every committed record of a topic: reads until no new record arrived for {@code quiet}. */
    <V> List<ConsumerRecord<byte[], V>> readAll(String topic, Deserializer<V> values, Duration quiet) {
        List<ConsumerRecord<byte[], V>> found = new ArrayList<>();
        try (KafkaConsumer<byte[], V> consumer = committedReader(values)) {
            consumer.subscribe(List.of(topic));
            long lastNew = System.nanoTime();
            while (System.nanoTime() - lastNew < quiet.toNanos()) {
                var records = consumer.poll(Duration.ofMillis(200));
                if (!records.isEmpty()) {
                    records.forEach(found::add);
                    lastNew = System.nanoTime();
                }
            }
        }
        return found;
    }

    @Override
    public void close() {
        if (registry != null) {
            registry.close();
        }
        kafka.close();
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
