package io.streambind.learner;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streambind.avro.ModelSnapshotChunk;
import io.streambind.avro.StepReport;
import io.streambind.core.config.DnsConfig;
import io.streambind.core.model.Chunks;
import io.streambind.core.model.ContinualModel;
import io.streambind.core.model.HeadsSnapshot;
import io.streambind.learner.eval.ContinualEvaluation;
import io.streambind.learner.metrics.LearnerMetrics;
import io.streambind.learner.process.ProcessingSettings;
import io.streambind.learner.process.Snapshots;
import io.streambind.learner.process.StepEvaluator;
import io.streambind.learner.state.ModelStore;
import io.streambind.learner.state.SnapshotWrites;
import io.streambind.learner.state.StoreNames;
import io.streambind.schemas.registry.InMemorySchemaRegistryClient;
import io.streambind.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The learner topology in a TopologyTestDriver with an in-memory registry (no broker, no HTTP):
 * typed helpers to send records and read the three output topics.
 */
public final class LearnerDriver implements AutoCloseable {
    /** The learner's default; the driver's wall clock only moves when a test advances it. */
    static final Duration STEP_COMMIT_DELAY = Duration.ofMillis(LearnerConfig.STEP_COMMIT_DELAY_MS_DEFAULT);

    final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    public final Topics topics;
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    /** What the topology announces its snapshot writes to, for servers that read its stores. */
    public final SnapshotWrites snapshotWrites = new SnapshotWrites();

    final TopologyTestDriver driver;
    private final TestInputTopic<byte[], byte[]> input;
    private final TestOutputTopic<String, StepReport> reports;
    private final TestOutputTopic<String, ModelSnapshotChunk> models;
    private final TestOutputTopic<byte[], byte[]> deadLetters;

    LearnerDriver(Path stateDir, ProcessingSettings settings, StepEvaluator evaluator) {
        this(stateDir, Map.of(), settings, metrics -> evaluator);
    }

    /** With the evaluator the learner runs by default, publishing to {@link #meters}. */
    static LearnerDriver withEvaluation(Path stateDir, ProcessingSettings settings) {
        return new LearnerDriver(
                stateDir,
                Map.of(),
                settings,
                metrics -> new ContinualEvaluation(settings.learner().maxTestPairs(), metrics));
    }

    /**
     * The topology as LearnerApp builds it from learner settings (learner.*, dns.*, topic names, decode
     * limits), without evaluation.
     */
    public static LearnerDriver fromSettings(Path stateDir, Map<String, String> settings) {
        return new LearnerDriver(
                stateDir,
                settings,
                ProcessingSettings.from(new LearnerConfig(settings), DnsConfig.parse(settings)),
                metrics -> StepEvaluator.NONE);
    }

    private LearnerDriver(
            Path stateDir,
            Map<String, ?> topicSettings,
            ProcessingSettings settings,
            Function<LearnerMetrics, StepEvaluator> evaluator) {
        topics = new Topics(topicSettings, registry);
        StreamsBuilder builder = new StreamsBuilder();
        LearnerMetrics metrics = new LearnerMetrics(meters);
        LearnerTopology.build(builder, topics, settings, metrics, evaluator.apply(metrics), snapshotWrites);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "learner-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(builder.build(), props);
        input = driver.createInputTopic(topics.batches().name(), new ByteArraySerializer(), new ByteArraySerializer());
        reports = driver.createOutputTopic(
                topics.reports().name(),
                new StringDeserializer(),
                topics.reports().valueSerde().deserializer());
        models = driver.createOutputTopic(
                topics.models().name(),
                new StringDeserializer(),
                topics.models().valueSerde().deserializer());
        deadLetters = driver.createOutputTopic(
                topics.deadLetters().name(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * Settings as the learner reads them from {@code learnerSettings} (learner.* keys), with the few parts the
     * part tests send (8 pending, 16 per batch) unless given; every new model starts with {@code dns}.
     */
    static ProcessingSettings settings(DnsConfig dns, Map<String, String> learnerSettings) {
        Map<String, String> all =
                new HashMap<>(Map.of(LearnerConfig.MAX_PENDING_PARTS, "8", LearnerConfig.MAX_PARTS_PER_BATCH, "16"));
        all.putAll(learnerSettings);
        return ProcessingSettings.from(new LearnerConfig(all), dns);
    }

    static ProcessingSettings settings(int snapshotInterval, int hotModels) {
        return settings(
                DnsConfig.defaults(),
                Map.of(
                        LearnerConfig.SNAPSHOT_INTERVAL_BATCHES, Integer.toString(snapshotInterval),
                        LearnerConfig.HOT_MAX_MODELS, Integer.toString(hotModels)));
    }

    /** Sends a payload (batch, marker or prompts) wrapped in a StreamRecord, through the real wire serializer. */
    void send(String key, Object payload) {
        sendRaw(key.getBytes(StandardCharsets.UTF_8), encode(payload));
    }

    byte[] encode(Object payload) {
        return topics.batches()
                .valueSerde()
                .serializer()
                .serialize(topics.batches().name(), SyntheticBatches.wrap(payload));
    }

    public void sendRaw(byte[] key, byte[] value) {
        input.pipeInput(key, value);
    }

    /** {@link #send} with the record timestamp given. */
    void send(String key, Object payload, long timestampMillis) {
        input.pipeInput(key.getBytes(StandardCharsets.UTF_8), encode(payload), timestampMillis);
    }

    public List<StepReport> reports() {
        return reports.readValuesToList();
    }

    List<ModelSnapshotChunk> snapshotChunks() {
        return models.readValuesToList();
    }

    public List<TestRecord<byte[], byte[]>> deadLetters() {
        return deadLetters.readRecordsToList();
    }

    /** A store of the topology: what interactive queries read, and what a test may change to stage a rebalance. */
    public KeyValueStore<String, byte[]> store(String name) {
        return driver.getKeyValueStore(name);
    }

    /** The model as its store holds it (last snapshot's sections; a step end always writes one). */
    public ContinualModel storedModel(String modelId) {
        return Snapshots.restore(
                ModelStore.sections(driver.<String, byte[]>getKeyValueStore(StoreNames.SECTIONS), modelId));
    }

    /** One version of a model from published chunks, its heads taken from the versions it names where it refers to them. */
    static HeadsSnapshot resolved(List<ModelSnapshotChunk> chunks, String modelId, long version) {
        return published(chunks, modelId, version).resolve(v -> published(chunks, modelId, v));
    }

    static HeadsSnapshot.Published published(List<ModelSnapshotChunk> chunks, String modelId, long version) {
        return HeadsSnapshot.decode(join(chunks.stream()
                .filter(c -> c.getModelId().equals(modelId) && c.getVersion() == version)
                .toList()));
    }

    /** Joins one snapshot's chunks (they must all belong to the same model and version). */
    static HeadsSnapshot heads(List<ModelSnapshotChunk> chunks) {
        return HeadsSnapshot.fromBytes(join(chunks));
    }

    private static byte[] join(List<ModelSnapshotChunk> chunks) {
        List<byte[]> data = new ArrayList<>();
        for (ModelSnapshotChunk chunk : chunks) {
            byte[] bytes = new byte[chunk.getData().remaining()];
            chunk.getData().duplicate().get(bytes);
            data.add(bytes);
        }
        return Chunks.join(data);
    }

    @Override
    public void close() {
        driver.close();
    }
}
