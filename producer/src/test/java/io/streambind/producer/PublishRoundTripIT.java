package io.streambind.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambind.avro.ClassPrompts;
import io.streambind.avro.EmbeddingBatch;
import io.streambind.avro.StepMarker;
import io.streambind.avro.StreamRecord;
import io.streambind.embedded.EmbeddedKafka;
import io.streambind.io.FloatRows;
import io.streambind.io.PairBatch;
import io.streambind.io.PromptSet;
import io.streambind.io.Split;
import io.streambind.io.StreamDirectory;
import io.streambind.io.StreamDirectoryWriter;
import io.streambind.schemas.codec.FloatMatrix;
import io.streambind.schemas.codec.IntLabels;
import io.streambind.schemas.registry.EmbeddedSchemaRegistry;
import io.streambind.schemas.registry.RestSchemaRegistryClient;
import io.streambind.schemas.topics.Topics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stream directory published through a real broker and registry, read back and compared bit for bit. */
class PublishRoundTripIT {
    private static final String MODEL = "m1";

    @TempDir
    Path tmp;

    private static FloatRows random(Random random, int n, int d) {
        float[] x = new float[n * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        return new FloatRows(n, d, x);
    }

    @Test
    void streamDirectoryRoundTripsInOrderWithLargeBatchesSplitIntoParts() throws Exception {
        Random random = new Random(3);
        // 300 rows of 1024 + 512 floats = 1.8 MB: more than one 1 MiB record.
        PairBatch large = new PairBatch(
                "UCF101", Split.TRAIN, "text", "video", random(random, 300, 1024), random(random, 300, 512), null);
        PairBatch test = new PairBatch(
                "UCF101", Split.TEST, "text", "video", random(random, 5, 1024), random(random, 5, 512), new int[] {
                    0, 1, 1, 0, 1
                });
        PromptSet prompts = new PromptSet("UCF101", "text", List.of("a", "b"), random(random, 2, 1024));
        PairBatch second = new PairBatch(
                "ESC50", Split.TRAIN, "text", "audio", random(random, 7, 1024), random(random, 7, 64), null);
        Path dir = tmp.resolve("stream");
        try (StreamDirectoryWriter writer = StreamDirectoryWriter.create(dir)) {
            writer.prompts(prompts);
            writer.batch(large);
            writer.batch(test);
            writer.stepEnd();
            writer.batch(second);
            writer.stepEnd();
        }

        try (EmbeddedKafka kafka = EmbeddedKafka.start(tmp.resolve("kafka"));
                EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(kafka.bootstrapServers())) {
            Topics topics = new Topics(Map.of(), RestSchemaRegistryClient.forUrl(registry.url()));
            String topic = topics.batches().name();
            try (Admin admin =
                    Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1)))
                        .all()
                        .get();
            }
            Map<String, Object> client = Map.of("bootstrap.servers", kafka.bootstrapServers());
            ByteArrayOutputStream console = new ByteArrayOutputStream();
            PublishStats stats = new PublishStats(new PrintStream(console, true), false);
            try (Producer<String, StreamRecord> producer =
                    Producers.open(client, topics.batches().valueSerde().serializer())) {
                BatchPublisher publisher = new BatchPublisher(
                        producer, topic, MODEL, "run1", 0, Producers.maxRequestBytes(client), 0, 0, "it", stats);
                DirectorySource.emit(StreamDirectory.open(dir), publisher);
                publisher.flush();
            }
            assertThat(stats.summary()).contains("3 batches, 2 step markers, 1 prompt sets");

            List<ConsumerRecord<String, StreamRecord>> records =
                    readAll(kafka.bootstrapServers(), topics, topic, stats.records());
            assertThat(records).allSatisfy(r -> assertThat(r.key()).isEqualTo(MODEL));
            assertThat(records.stream().map(ConsumerRecord::partition).distinct())
                    .hasSize(1);
            List<Object> payloads =
                    records.stream().map(r -> r.value().getPayload()).toList();

            assertThat(payloads.get(0)).isInstanceOf(ClassPrompts.class);
            ClassPrompts readPrompts = (ClassPrompts) payloads.get(0);
            assertThat(readPrompts.getClassNames()).containsExactly("a", "b");
            assertThat(FloatMatrix.toFloats(readPrompts.getEmbeddings()))
                    .containsExactly(prompts.embeddings().data());

            List<EmbeddingBatch> parts = new ArrayList<>();
            int index = 1;
            while (payloads.get(index) instanceof EmbeddingBatch part
                    && part.getBatchId().equals("run1-1")) {
                parts.add(part);
                index++;
            }
            assertThat(parts).hasSizeGreaterThan(1);
            assertThat(parts.get(0).getParts()).isEqualTo(parts.size());
            assertBitEqual(reassemble(parts, true), large.xa().data());
            assertBitEqual(reassemble(parts, false), large.xb().data());

            EmbeddingBatch readTest = (EmbeddingBatch) payloads.get(index++);
            assertThat(readTest.getSplit()).isEqualTo(io.streambind.avro.Split.TEST);
            assertThat(IntLabels.toArray(readTest.getLabels())).containsExactly(test.labels());
            assertBitEqual(
                    FloatMatrix.toFloats(readTest.getXa(), 5, 1024), test.xa().data());
            assertThat(((StepMarker) payloads.get(index++)).getStep()).isEqualTo(0);
            EmbeddingBatch readSecond = (EmbeddingBatch) payloads.get(index++);
            assertBitEqual(
                    FloatMatrix.toFloats(readSecond.getXb(), 7, 64), second.xb().data());
            assertThat(((StepMarker) payloads.get(index++)).getStep()).isEqualTo(1);
            assertThat(payloads).hasSize(index);
        }
    }

    private static float[] reassemble(List<EmbeddingBatch> parts, boolean sideA) {
        List<float[]> pieces = new ArrayList<>();
        int total = 0;
        for (EmbeddingBatch part : parts) {
            float[] piece = FloatMatrix.toFloats(
                    sideA ? part.getXa() : part.getXb(), part.getRows(), sideA ? part.getWidthA() : part.getWidthB());
            pieces.add(piece);
            total += piece.length;
        }
        float[] all = new float[total];
        int at = 0;
        for (float[] piece : pieces) {
            System.arraycopy(piece, 0, all, at, piece.length);
            at += piece.length;
        }
        return all;
    }

    private static void assertBitEqual(float[] actual, float[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat(Float.floatToRawIntBits(actual[i]))
                    .as("element %d", i)
                    .isEqualTo(Float.floatToRawIntBits(expected[i]));
        }
    }

    private static List<ConsumerRecord<String, StreamRecord>> readAll(
            String bootstrap, Topics topics, String topic, long expected) {
        List<ConsumerRecord<String, StreamRecord>> records = new ArrayList<>();
        try (KafkaConsumer<String, StreamRecord> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed"),
                new StringDeserializer(),
                topics.batches().valueSerde().deserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }
}
