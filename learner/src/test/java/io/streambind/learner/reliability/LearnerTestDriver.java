package io.streambind.learner.reliability;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streambind.avro.StepReport;
import io.streambind.core.config.DnsConfig;
import io.streambind.core.model.ContinualModel;
import io.streambind.learner.LearnerConfig;
import io.streambind.learner.LearnerTopology;
import io.streambind.learner.metrics.LearnerMetrics;
import io.streambind.learner.process.ProcessingSettings;
import io.streambind.learner.process.Snapshots;
import io.streambind.learner.process.StepEvaluator;
import io.streambind.learner.state.ModelStore;
import io.streambind.learner.state.StoreNames;
import io.streambind.schemas.registry.InMemorySchemaRegistryClient;
import io.streambind.schemas.topics.Topics;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The learner topology built from learner settings (as LearnerApp does) in a TopologyTestDriver with
 * an in-memory registry: fast enough for thousands of records per test.
 */
final class LearnerTestDriver implements AutoCloseable {
    final Topics topics;
    private final TopologyTestDriver driver;
    private final TestInputTopic<byte[], byte[]> input;
    private final TestOutputTopic<String, StepReport> reports;
    private final TestOutputTopic<byte[], byte[]> deadLetters;

    LearnerTestDriver(Path stateDir, Map<String, String> settings) {
        topics = new Topics(settings, new InMemorySchemaRegistryClient());
        StreamsBuilder builder = new StreamsBuilder();
        LearnerTopology.build(builder, topics, ProcessingSettings.from(new LearnerConfig(settings), DnsConfig.parse(settings)),
                new LearnerMetrics(new SimpleMeterRegistry()), StepEvaluator.NONE);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "learner-reliability");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(builder.build(), props);
        input = driver.createInputTopic(topics.batches().name(), new ByteArraySerializer(), new ByteArraySerializer());
        reports = driver.createOutputTopic(topics.reports().name(), new StringDeserializer(),
                topics.reports().valueSerde().deserializer());
        deadLetters = driver.createOutputTopic(topics.deadLetters().name(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }

    void send(byte[] key, byte[] value) {
        input.pipeInput(key, value);
    }

    List<StepReport> reports() {
        return reports.readValuesToList();
    }

    List<TestRecord<byte[], byte[]>> deadLetters() {
        return deadLetters.readRecordsToList();
    }

    /** The model as its store holds it (last snapshot's sections; a step end always writes one). */
    ContinualModel storedModel(String modelId) {
        return Snapshots.restore(ModelStore.sections(driver.<String, byte[]>getKeyValueStore(StoreNames.SECTIONS), modelId));
    }

    @Override
    public void close() {
        driver.close();
    }
}
