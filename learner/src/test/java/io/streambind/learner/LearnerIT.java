package io.streambind.learner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streambind.avro.EmbeddingBatch;
import io.streambind.avro.ModelSnapshotChunk;
import io.streambind.avro.Split;
import io.streambind.avro.StepReport;
import io.streambind.avro.StreamRecord;
import io.streambind.core.model.ContinualModel;
import io.streambind.embedded.EmbeddedKafka;
import io.streambind.learner.process.Snapshots;
import io.streambind.learner.process.StepEvaluator;
import io.streambind.learner.snapshot.SnapshotFetcher;
import io.streambind.learner.state.ChangelogSegments;
import io.streambind.learner.state.ModelStore;
import io.streambind.learner.state.StoreNames;
import io.streambind.schemas.codec.FloatMatrix;
import io.streambind.schemas.registry.EmbeddedSchemaRegistry;
import io.streambind.schemas.registry.RegistryClientConfig;
import io.streambind.schemas.registry.RestSchemaRegistryClient;
import io.streambind.schemas.topics.DeadLetter;
import io.streambind.schemas.topics.Topics;
import io.streambind.schemas.wire.SerializerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The learner on a real single-node Kafka with the real HTTP schema registry: three steps through
 * the wire serde end bit-exact equal to offline training, bad records land in the DLQ, the published
 * version resolves to the same heads, the HTTP endpoints serve, and a fresh state directory restores
 * the identical state from the changelogs. Each step is committed shortly after its marker, whatever
 * the commit interval.
 */
class LearnerIT {
    private static final String MODEL = "m1";
    private static final int D = 64;
    private static final int N = 64;
    private static final int BATCHES_PER_STEP = 6;

    @TempDir
    static Path root;

    private static EmbeddedKafka kafka;
    private static EmbeddedSchemaRegistry registry;
    private static Topics topics;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = EmbeddedKafka.start(root.resolve("kafka"));
        registry = EmbeddedSchemaRegistry.start(kafka.bootstrapServers());
        topics = new Topics(Map.of(), RestSchemaRegistryClient.forUrl(registry.url()));
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(
                            new NewTopic(topics.batches().name(), 2, (short) 1),
                            new NewTopic(topics.reports().name(), 1, (short) 1),
                            new NewTopic(topics.models().name(), 1, (short) 1),
                            new NewTopic(topics.deadLetters().name(), 1, (short) 1)))
                    .all()
                    .get();
        }
    }

    @AfterAll
    static void stopKafka() {
        registry.close();
        kafka.close();
    }

    @Test
    void threeStepsMatchOfflineTrainingAndAFreshStateDirRestoresIdenticalState() throws Exception {
        String applicationId = "learner-it-" + UUID.randomUUID();
        OfflineReference offline = new OfflineReference();
        List<EmbeddingBatch> sent = new ArrayList<>();
        for (int step = 0; step < 3; step++) {
            for (int i = 0; i < BATCHES_PER_STEP; i++) {
                EmbeddingBatch batch =
                        SyntheticBatches.batch(MODEL, "s" + step + "-" + i, Split.TRAIN, N, D, 10L * step + i);
                // the last step trains another pair, so its published version refers to an earlier one for vision
                sent.add(
                        step == 2
                                ? EmbeddingBatch.newBuilder(batch)
                                        .setModalityA("audio")
                                        .build()
                                : batch);
            }
        }
        // Offline first: it also warms up ND4J, which the learner's stream thread then finds ready.
        long offlineBegin = System.nanoTime();
        for (int step = 0; step < 3; step++) {
            for (int i = 0; i < BATCHES_PER_STEP; i++) {
                offline.train(sent.get(step * BATCHES_PER_STEP + i));
            }
            offline.endStep();
        }
        long offlineNanos = System.nanoTime() - offlineBegin;

        try (LearnerApp app = LearnerApp.start(settings(applicationId, root.resolve("state-1")), StepEvaluator.NONE);
                KafkaProducer<String, StreamRecord> producer = producer();
                KafkaProducer<byte[], byte[]> rawProducer = rawProducer()) {
            app.awaitRunning(Duration.ofSeconds(60));
            long begin = System.nanoTime();
            for (int step = 0; step < 3; step++) {
                for (int i = 0; i < BATCHES_PER_STEP; i++) {
                    EmbeddingBatch batch = sent.get(step * BATCHES_PER_STEP + i);
                    producer.send(new ProducerRecord<>(topics.batches().name(), MODEL, SyntheticBatches.wrap(batch)));
                }
                if (step == 1) {
                    float[] xa = FloatMatrix.toFloats(sent.get(0).getXa());
                    xa[3] = Float.NaN;
                    producer.send(new ProducerRecord<>(
                            topics.batches().name(),
                            MODEL,
                            SyntheticBatches.wrap(EmbeddingBatch.newBuilder(sent.get(0))
                                    .setBatchId("nan")
                                    .setXa(FloatMatrix.toBytes(xa))
                                    .build())));
                    rawProducer.send(
                            new ProducerRecord<>(topics.batches().name(), MODEL.getBytes(), new byte[] {0, 0, 0}));
                }
                producer.send(new ProducerRecord<>(
                        topics.batches().name(), MODEL, SyntheticBatches.wrap(SyntheticBatches.marker(MODEL, step))));
            }
            producer.flush();
            List<StepReport> reports =
                    read(topics.reports().name(), topics.reports().valueSerde().deserializer(), 3).stream()
                            .map(ConsumerRecord::value)
                            .toList();
            double kafkaSeconds = (System.nanoTime() - begin) / 1e9;

            assertThat(reports).extracting(StepReport::getStep).containsExactly(0L, 1L, 2L);
            assertThat(reports)
                    .allSatisfy(
                            r -> assertThat(r.getPairs().get(0).getBatches()).isEqualTo(BATCHES_PER_STEP));

            List<ConsumerRecord<byte[], byte[]>> dead =
                    read(topics.deadLetters().name(), new ByteArrayDeserializer(), 2);
            assertThat(dead)
                    .extracting(r -> DeadLetter.Info.readFrom(r.headers()).reason())
                    .containsExactlyInAnyOrder("non-finite", "decode-error");
            assertThat(dead).anySatisfy(r -> assertThat(r.value()).containsExactly(0, 0, 0));

            SnapshotFetcher.Fetched version3 = SnapshotFetcher.fetch(
                    Map.of("bootstrap.servers", kafka.bootstrapServers()),
                    topics.models(),
                    MODEL,
                    3,
                    Duration.ofSeconds(60));
            assertThat(version3.provenanceJson()).contains("\"headsFrom\":{\"audio\":3,\"text\":3,\"vision\":2}");
            assertThat(version3.heads().toBytes())
                    .isEqualTo(offline.model().heads().toBytes());

            byte[] expected = offline.model().toBytes();
            assertThat(storedModel(app.streams()).get().toBytes()).isEqualTo(expected);
            assertEmbedMatches(app.httpPort(), offline.model());
            assertThat(get(app.httpPort(), "/metrics"))
                    .contains("streambind_batches_trained_total")
                    .contains("streambind_dlq_records_total{reason=\"non-finite\"}");

            int samples = 3 * BATCHES_PER_STEP * N;
            System.out.printf(
                    "learner IT figures: Kafka path %.0f pairs/s (%d pairs in %.2f s, produce to last report), offline %.0f pairs/s%n",
                    samples / kafkaSeconds, samples, kafkaSeconds, samples / (offlineNanos / 1e9));
            app.close();
            System.out.printf(
                    "learner IT figures: changelog bytes on the broker %d for %d batches (snapshot every 4 batches + step ends)%n",
                    changelogBytes(applicationId), sent.size());

            long restoreBegin = System.nanoTime();
            try (LearnerApp restored =
                    LearnerApp.start(settings(applicationId, root.resolve("state-2")), StepEvaluator.NONE)) {
                ContinualModel model = awaitModel(restored.streams());
                System.out.printf(
                        "learner IT figures: restore on a fresh state dir %.2f s%n",
                        (System.nanoTime() - restoreBegin) / 1e9);
                assertThat(model.toBytes()).isEqualTo(expected);
            }
        }
    }

    /** Bytes in the learner's changelog topics on the broker (before compaction). */
    private static long changelogBytes(String applicationId) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            long bytes = 0;
            for (var dirs :
                    admin.describeLogDirs(List.of(1)).allDescriptions().get().values()) {
                for (var dir : dirs.values()) {
                    for (var replica : dir.replicaInfos().entrySet()) {
                        if (replica.getKey().topic().startsWith(applicationId)
                                && replica.getKey().topic().endsWith("-changelog")) {
                            bytes += replica.getValue().size();
                        }
                    }
                }
            }
            return bytes;
        }
    }

    @Test
    void withoutAutoRegistrationTheLearnerStartsOnlyOnceItsOutputSchemasAreRegistered() throws Exception {
        Map<String, String> settings = settings("learner-it-noreg-" + UUID.randomUUID(), root.resolve("state-noreg"));
        settings.put(SerializerConfig.AUTO_REGISTER_SCHEMAS_CONFIG, "false");
        // Topics of its own, so it has nothing to process from the other test.
        settings.put(Topics.BATCHES_CONFIG, "noreg.batches");
        settings.put(Topics.REPORTS_CONFIG, "noreg.reports");
        settings.put(Topics.MODELS_CONFIG, "noreg.models");
        settings.put(Topics.DLQ_CONFIG, "noreg.dlq");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(Stream.of("noreg.batches", "noreg.reports", "noreg.models", "noreg.dlq")
                            .map(name -> new NewTopic(name, 1, (short) 1))
                            .toList())
                    .all()
                    .get();
        }
        assertThatThrownBy(() -> LearnerApp.start(settings, StepEvaluator.NONE))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("not registered under subject 'noreg.reports-value'");
        // A registry that does not answer is not a missing schema: the learner starts and rides it out.
        Map<String, String> unreachable = new HashMap<>(settings);
        unreachable.put(RegistryClientConfig.URL_CONFIG, "http://127.0.0.1:1");
        unreachable.put(
                StreamsConfig.STATE_DIR_CONFIG,
                root.resolve("state-noreg-unreachable").toString());
        try (LearnerApp app = LearnerApp.start(unreachable, StepEvaluator.NONE)) {
            app.awaitRunning(Duration.ofSeconds(60));
        }

        RestSchemaRegistryClient client = RestSchemaRegistryClient.forUrl(registry.url());
        client.register("noreg.reports-value", StepReport.getClassSchema());
        client.register("noreg.models-value", ModelSnapshotChunk.getClassSchema());
        try (LearnerApp app = LearnerApp.start(settings, StepEvaluator.NONE)) {
            app.awaitRunning(Duration.ofSeconds(60));
        }
        assertThat(client.versions("noreg.reports-value")).containsExactly(1);
    }

    @Test
    void atStartTheLearnerSetsTheConfiguredSegmentSizeOnChangelogsThatExist() throws Exception {
        String applicationId = "learner-it-segments-" + UUID.randomUUID();
        List<String> changelogs = ChangelogSegments.topics(applicationId);
        String sections = applicationId + "-" + StoreNames.SECTIONS + "-changelog";
        String manifests = applicationId + "-" + StoreNames.MANIFESTS + "-changelog";
        assertThat(changelogs).contains(sections, manifests).hasSize(StoreNames.ALL.size());
        int oldSegment = 1 << 30;
        int configured = 32 << 20;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            // as a deployment from before the setting left it: the broker's 1 GiB segments
            admin.createTopics(List.of(new NewTopic(sections, 2, (short) 1)
                            .configs(Map.of(
                                    TopicConfig.CLEANUP_POLICY_CONFIG,
                                    TopicConfig.CLEANUP_POLICY_COMPACT,
                                    TopicConfig.SEGMENT_BYTES_CONFIG,
                                    Integer.toString(oldSegment)))))
                    .all()
                    .get();
            assertThat(segmentBytes(admin, sections)).isEqualTo(oldSegment);

            Map<String, String> settings = settings(applicationId, root.resolve("state-segments"));
            settings.put(LearnerConfig.CHANGELOG_SEGMENT_BYTES, Integer.toString(configured));
            try (LearnerApp app = LearnerApp.start(settings, StepEvaluator.NONE)) {
                app.awaitRunning(Duration.ofSeconds(60));
                // The learner sets it beside its start, not before.
                long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
                while (segmentBytes(admin, sections) != configured && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertThat(segmentBytes(admin, sections))
                        .as("existing changelog")
                        .isEqualTo(configured);
                assertThat(segmentBytes(admin, manifests))
                        .as("changelog Kafka Streams created")
                        .isEqualTo(configured);
            }
            // Nothing left to change on the next start.
            assertThat(ChangelogSegments.align(admin, applicationId, configured, Duration.ofSeconds(10)))
                    .isEmpty();
            assertThat(ChangelogSegments.align(admin, applicationId, oldSegment, Duration.ofSeconds(10)))
                    .containsExactlyInAnyOrderElementsOf(changelogs);
        }
    }

    private static int segmentBytes(Admin admin, String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return Integer.parseInt(admin.describeConfigs(List.of(resource))
                .all()
                .get()
                .get(resource)
                .get(TopicConfig.SEGMENT_BYTES_CONFIG)
                .value());
    }

    private static Map<String, String> settings(String applicationId, Path stateDir) {
        Map<String, String> settings = new HashMap<>();
        settings.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        settings.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        settings.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        settings.put(RegistryClientConfig.URL_CONFIG, registry.url());
        settings.put(LearnerConfig.HTTP_PORT, "0");
        settings.put(LearnerConfig.SNAPSHOT_INTERVAL_BATCHES, "4");
        // Only the learner's step-end commits make reports readable within the reads' 120 s: the last one
        // comes from its wall-clock punctuation, as no record follows the last marker.
        settings.put(
                StreamsConfig.COMMIT_INTERVAL_MS_CONFIG,
                Long.toString(Duration.ofMinutes(10).toMillis()));
        // Kafka Streams refuses a transaction timeout below the commit interval; 15 min is the broker's maximum.
        settings.put(
                StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG),
                Long.toString(Duration.ofMinutes(15).toMillis()));
        return settings;
    }

    private static Supplier<ContinualModel> storedModel(KafkaStreams streams) {
        return () -> {
            ReadOnlyKeyValueStore<String, byte[]> sections = streams.store(
                    StoreQueryParameters.fromNameAndType(StoreNames.SECTIONS, QueryableStoreTypes.keyValueStore()));
            return Snapshots.restore(ModelStore.sections(sections, MODEL));
        };
    }

    private static ContinualModel awaitModel(KafkaStreams streams) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (streams.state() == KafkaStreams.State.RUNNING) {
                try {
                    ReadOnlyKeyValueStore<String, byte[]> manifests =
                            streams.store(StoreQueryParameters.fromNameAndType(
                                    StoreNames.MANIFESTS, QueryableStoreTypes.keyValueStore()));
                    if (manifests.get(MODEL) != null) {
                        return storedModel(streams).get();
                    }
                } catch (RuntimeException notYetQueryable) {
                    // Restoration still running: keep waiting.
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError(
                "the restored learner never served model " + MODEL + " (state " + streams.state() + ")");
    }

    private static void assertEmbedMatches(int port, ContinualModel expected) throws Exception {
        float[] x = new float[2 * D];
        StringBuilder body = new StringBuilder("{\"modality\":\"text\",\"vectors\":[");
        for (int r = 0; r < 2; r++) {
            body.append(r == 0 ? "[" : ",[");
            for (int c = 0; c < D; c++) {
                x[r * D + c] = (r + 1) * 0.01f * c;
                body.append(c == 0 ? "" : ",").append(x[r * D + c]);
            }
            body.append(']');
        }
        body.append("]}");
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/models/" + MODEL + "/embed"))
                                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode vectors = new ObjectMapper().readTree(response.body()).get("vectors");
        float[] want = expected.embed("text", x, 2);
        assertThat(vectors.size()).isEqualTo(2);
        int out = want.length / 2;
        for (int c = 0; c < out; c++) {
            assertThat(vectors.get(1).get(c).floatValue()).isEqualTo(want[out + c]);
        }
        HttpResponse<String> bad = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/models/" + MODEL + "/embed"))
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "{\"modality\":\"text\",\"vectors\":[[1,2]]}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("width 2").doesNotContain("Exception");
    }

    private static String get(int port, String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private static KafkaProducer<String, StreamRecord> producer() {
        return new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        kafka.bootstrapServers(),
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        true,
                        ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                        1_000_000),
                new StringSerializer(),
                topics.batches().valueSerde().serializer());
    }

    private static KafkaProducer<byte[], byte[]> rawProducer() {
        return new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new ByteArraySerializer(),
                new ByteArraySerializer());
    }

    private static <V> List<ConsumerRecord<byte[], V>> read(String topic, Deserializer<V> values, int count) {
        Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed");
        List<ConsumerRecord<byte[], V>> found = new ArrayList<>();
        try (KafkaConsumer<byte[], V> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), values)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (found.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], V> record : consumer.poll(Duration.ofMillis(200))) {
                    found.add(record);
                }
            }
        }
        assertThat(found).as("records on " + topic).hasSize(count);
        return found;
    }
}
