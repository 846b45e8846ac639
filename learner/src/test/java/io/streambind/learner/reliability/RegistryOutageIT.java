package io.streambind.learner.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streambind.avro.StreamRecord;
import io.streambind.learner.LearnerApp;
import io.streambind.learner.SyntheticBatches;
import io.streambind.schemas.registry.RestSchemaRegistryClient;
import io.streambind.schemas.registry.SchemaRegistryException;
import io.streambind.schemas.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The schema registry goes away mid-run: the learner keeps training with the schema ids it has
 * cached, a producer that has not cached the id fails loudly instead of dropping records, and both
 * work again once a registry restarts on the same port and {@code _schemas} topic (same ids).
 */
class RegistryOutageIT {
    private static final int PARTITIONS = 2;

    @TempDir
    Path root;

    @Test
    void learnerTrainsThroughARegistryOutageAndAnUncachedProducerFailsLoudly() throws Exception {
        Workload workload = new Workload(List.of("alpha", "beta"), 6, 3, 64, 64);
        String applicationId = "registry-outage";
        try (ReliabilityCluster cluster = ReliabilityCluster.start(root.resolve("kafka"), PARTITIONS);
                KafkaProducer<String, StreamRecord> warm = cluster.producer();
                LearnerApp learner = Learners.start(cluster.learnerSettings(applicationId, root.resolve("state")));
                Admin admin = cluster.admin()) {
            String batches = cluster.topics().batches().name();
            produce(warm, batches, workload, 0, 1);
            // One closed step: the learner has cached the batches schema id and registered reports and snapshots.
            StoredModels.awaitSteps(learner.streams(), workload.models(), 1, Duration.ofSeconds(120));

            cluster.stopRegistry();
            long endBefore = GroupProgress.end(admin, batches, PARTITIONS);
            Topics uncached = new Topics(Map.of(), RestSchemaRegistryClient.forUrl(cluster.registryUrl()));
            try (KafkaProducer<String, StreamRecord> cold = cluster.producer(uncached)) {
                StreamRecord record = SyntheticBatches.wrap(workload.batch("alpha", 1, 0));
                assertThatThrownBy(() -> cold.send(new ProducerRecord<>(batches, "alpha", record))
                                .get())
                        .isInstanceOf(SchemaRegistryException.class)
                        .hasMessageContaining("unreachable");
            }
            produce(warm, batches, workload, 1, 4);
            long downBegin = System.nanoTime();
            StoredModels.awaitSteps(learner.streams(), workload.models(), 4, Duration.ofSeconds(120));
            System.out.printf(
                    "registry outage IT: 3 steps trained in %.1f s with the registry down; uncached producer"
                            + " threw SchemaRegistryException%n",
                    (System.nanoTime() - downBegin) / 1e9);
            assertThat(GroupProgress.end(admin, batches, PARTITIONS) - endBefore)
                    .as("only the warm producer's records were written")
                    .isEqualTo(3L * workload.step(0).size());

            cluster.startRegistry();
            Topics recovered = new Topics(Map.of(), RestSchemaRegistryClient.forUrl(cluster.registryUrl()));
            StreamRecord probe = SyntheticBatches.wrap(workload.batch("alpha", 4, 0));
            byte[] before = cluster.topics().batches().valueSerde().serializer().serialize(batches, probe);
            byte[] after = recovered.batches().valueSerde().serializer().serialize(batches, probe);
            assertThat(Arrays.copyOf(after, 5))
                    .as("same schema id after the registry restart")
                    .isEqualTo(Arrays.copyOf(before, 5));
            try (KafkaProducer<String, StreamRecord> cold = cluster.producer(recovered)) {
                produce(cold, batches, workload, 4, workload.steps());
            }
            Outcomes.assertSameState(
                    StoredModels.awaitSteps(
                            learner.streams(), workload.models(), workload.steps(), Duration.ofSeconds(120)),
                    workload);
            Outcomes.assertReportsExactlyOnce(
                    cluster.readAll(
                            cluster.topics().reports().name(),
                            cluster.topics().reports().valueSerde().deserializer(),
                            Duration.ofSeconds(2)),
                    workload);
        }
    }

    private static void produce(
            KafkaProducer<String, StreamRecord> producer, String topic, Workload workload, int fromStep, int toStep) {
        for (int step = fromStep; step < toStep; step++) {
            for (Workload.Item item : workload.step(step)) {
                producer.send(new ProducerRecord<>(topic, item.modelId(), SyntheticBatches.wrap(item.payload())));
            }
        }
        producer.flush();
    }
}
