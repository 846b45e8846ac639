package io.streambind.learner.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambind.core.model.ContinualModel;
import io.streambind.learner.LearnerApp;
import io.streambind.schemas.registry.RestSchemaRegistryClient;
import io.streambind.schemas.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fuzz of {@link DeadLetterFuzzTest}, smaller, through the real broker and HTTP registry
 * (unknown schema ids are real 404s of the registry): every bad record on the DLQ unchanged with
 * its reason, the state that of the valid records alone.
 */
class DeadLetterFuzzIT {
    private static final long SEED = 11L;

    static Map<String, String> withLimits(Map<String, String> settings, int models) {
        settings.putAll(BadRecords.limitSettings(models));
        return settings;
    }

    @TempDir
    Path root;

    @Test
    void badRecordsThroughTheBrokerAreDeadLetteredAndLeaveTheStateUntouched() throws Exception {
        Workload workload = new Workload(List.of("fa", "fb"), 3, 2, 8, 16);
        FuzzRun run = new FuzzRun(workload);
        try (ReliabilityCluster cluster = ReliabilityCluster.start(root.resolve("kafka"), 1);
                KafkaProducer<byte[], byte[]> producer = cluster.rawProducer();
                LearnerApp learner = Learners.start(withLimits(
                        cluster.learnerSettings("fuzz", root.resolve("state")),
                        workload.models().size()))) {
            Topics topics = new Topics(Map.of(), RestSchemaRegistryClient.forUrl(cluster.registryUrl()));
            BadRecords generator = new BadRecords(
                    SEED,
                    topics.batches().name(),
                    topics.batches().valueSerde().serializer(),
                    topics.batches().valueSerde().deserializer());
            learner.awaitRunning(Duration.ofSeconds(60));
            StateSampler states = StateSampler.start(learner.streams(), Duration.ofMillis(20));
            long begin = System.nanoTime();
            run.send(
                    generator,
                    40,
                    (key, value) ->
                            producer.send(new ProducerRecord<>(topics.batches().name(), key, value)));
            producer.flush();

            Map<String, ContinualModel> models = StoredModels.awaitSteps(
                    learner.streams(), workload.models(), workload.steps(), Duration.ofSeconds(120));
            Outcomes.assertSameState(models, workload);
            List<ConsumerRecord<byte[], byte[]>> dead =
                    cluster.readAll(topics.deadLetters().name(), new ByteArrayDeserializer(), Duration.ofSeconds(2));
            Map<String, Integer> byReason = DeadLetterFuzzTest.assertDeadLettered(
                    run.bad,
                    dead.stream()
                            .map(r -> new TestRecord<>(
                                    r.key(), r.value(), r.headers(), Instant.ofEpochMilli(r.timestamp())))
                            .toList());
            StateSampler.Observed observed = states.stop();
            assertThat(observed.clientStates())
                    .as("learner states while the records were handled")
                    .containsExactly("RUNNING");
            assertThat(observed.threads())
                    .as("stream threads (a failed one would be replaced by a new name)")
                    .hasSize(1)
                    .allMatch(thread -> thread.endsWith("RUNNING"));
            assertThat(run.byKind.keySet()).containsExactlyInAnyOrderElementsOf(BadRecords.kinds());
            System.out.printf(
                    "fuzz IT (broker + HTTP registry): %d bad records of %d kinds among %d valid in %.1f s;"
                            + " %d state samples, states %s, threads %s; by DLQ reason %s%n",
                    run.bad.size(),
                    run.byKind.size(),
                    run.validRecords,
                    (System.nanoTime() - begin) / 1e9,
                    observed.samples(),
                    observed.clientStates(),
                    observed.threads(),
                    byReason);
        }
    }
}
