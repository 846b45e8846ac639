package io.streambind.cli.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambind.avro.StepReport;
import io.streambind.avro.StreamRecord;
import io.streambind.cli.demo.EmbeddedStack;
import io.streambind.core.config.DnsConfig;
import io.streambind.core.model.ContinualModel;
import io.streambind.dataset.wordnet.WordNetBenchmark;
import io.streambind.dataset.wordnet.WordNetScale;
import io.streambind.dataset.wordnet.WordNetStreamBuilder;
import io.streambind.embedded.EmbeddedKafkaConfig;
import io.streambind.io.StreamDirectory;
import io.streambind.learner.LearnerApp;
import io.streambind.learner.LearnerConfig;
import io.streambind.learner.process.Snapshots;
import io.streambind.learner.state.ModelStore;
import io.streambind.learner.state.StoreNames;
import io.streambind.producer.BatchPublisher;
import io.streambind.producer.DirectorySource;
import io.streambind.producer.Producers;
import io.streambind.producer.PublishStats;
import io.streambind.replay.Replay;
import io.streambind.replay.ReplayResult;
import io.streambind.schemas.registry.RestSchemaRegistryClient;
import io.streambind.schemas.topics.TopicProvisioner;
import io.streambind.schemas.topics.TopicScan;
import io.streambind.schemas.topics.Topics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tiny WordNet stream, real MiniLM embeddings made here, published the way {@code produce files} does through
 * the embedded broker and registry: the learner's state after its last step is byte for byte offline replay's,
 * and so are the figures of its last report.
 */
class WordNetStreamIT {
    private static final String MODEL = "wordnet-tiny";

    @TempDir
    Path work;

    @Test
    void theLearnerEndsWhereOfflineReplayOfTheSameStreamEnds() throws Exception {
        Path dir = work.resolve("stream");
        WordNetStreamBuilder.build(
                new WordNetStreamBuilder.Options(dir, WordNetScale.TINY, 0),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        StreamDirectory stream = StreamDirectory.open(dir);
        ReplayResult offline = new Replay(DnsConfig.defaults()).run(stream);
        int steps = WordNetBenchmark.STEPS.size();
        assertThat(offline.steps()).hasSize(steps);

        try (EmbeddedStack stack = EmbeddedStack.start(work.resolve("kafka"))) {
            Properties cluster = stack.clientProperties();
            Map<String, Object> client = new HashMap<>();
            cluster.forEach((k, v) -> client.put(k.toString(), v));
            Topics topics = new Topics(client, new RestSchemaRegistryClient(client));
            TopicProvisioner.createMissing(cluster, topics, 1, (short) 1, EmbeddedKafkaConfig.DEFAULT_MAX_RECORD_BYTES);
            Map<String, String> settings = new HashMap<>();
            cluster.forEach((k, v) -> settings.put(k.toString(), v.toString()));
            settings.put(StreamsConfig.APPLICATION_ID_CONFIG, "wordnet-it-" + UUID.randomUUID());
            settings.put(StreamsConfig.STATE_DIR_CONFIG, work.resolve("state").toString());
            settings.put(LearnerConfig.HTTP_HOST, "127.0.0.1");
            settings.put(LearnerConfig.HTTP_PORT, "0");
            try (LearnerApp learner = LearnerApp.start(settings)) {
                learner.awaitRunning(Duration.ofMinutes(2));
                try (Producer<String, StreamRecord> producer =
                        Producers.open(client, topics.batches().valueSerde().serializer())) {
                    BatchPublisher publisher = new BatchPublisher(
                            producer,
                            topics.batches().name(),
                            MODEL,
                            UUID.randomUUID().toString(),
                            0,
                            Producers.maxRequestBytes(client),
                            0,
                            0,
                            "wordnet it",
                            new PublishStats(
                                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false));
                    DirectorySource.emit(stream, publisher);
                    publisher.flush();
                }
                List<StepReport> reports = reports(topics, client, steps);
                ReadOnlyKeyValueStore<String, byte[]> sections = learner.streams()
                        .store(StoreQueryParameters.fromNameAndType(
                                StoreNames.SECTIONS, QueryableStoreTypes.keyValueStore()));
                ContinualModel streamed = Snapshots.restore(ModelStore.sections(sections, MODEL));

                assertThat(streamed.toBytes()).isEqualTo(offline.model().toBytes());
                StepReport last = reports.get(steps - 1);
                var offlineLast = offline.steps().get(steps - 1).figures();
                assertThat(last.getEvaluation().getMeanR10()).isEqualTo(offlineLast.meanR10());
                assertThat(last.getEvaluation().getMeanAccuracy()).isEqualTo(offlineLast.meanAccuracy());
                assertThat(last.getEvaluation().getTasks()).hasSize(steps);
            }
        }
    }

    private static List<StepReport> reports(Topics topics, Map<String, Object> client, int count) {
        Map<String, Object> props = new HashMap<>(client);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<StepReport> reports = new ArrayList<>();
        try (KafkaConsumer<String, StepReport> consumer =
                TopicScan.fromBeginning(props, topics.reports(), Duration.ofMinutes(1))) {
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (reports.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, StepReport> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value().getModelId().equals(MODEL)) {
                        reports.add(record.value());
                    }
                }
            }
        }
        assertThat(reports).as("step reports of " + MODEL).hasSize(count);
        return reports;
    }
}
