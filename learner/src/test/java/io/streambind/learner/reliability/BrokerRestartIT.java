package io.streambind.learner.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambind.avro.StreamRecord;
import io.streambind.learner.LearnerApp;
import io.streambind.learner.SyntheticBatches;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker stops mid-run (records still being produced into the producer's buffer) and starts
 * again on the same data directory and ports; the learner, never restarted, recovers by itself and
 * ends bit-identical to offline training with every step reported once.
 */
class BrokerRestartIT {
    private static final int PARTITIONS = 2;

    @TempDir
    Path root;

    @Test
    void learnerRecoversFromABrokerRestartWithIdenticalState() throws Exception {
        Workload workload = new Workload(List.of("alpha", "beta"), 6, 3, 64, 64);
        String applicationId = "broker-restart";
        try (ReliabilityCluster cluster = ReliabilityCluster.start(root.resolve("kafka"), PARTITIONS);
                KafkaProducer<String, StreamRecord> producer = cluster.producer();
                LearnerApp learner = Learners.start(cluster.learnerSettings(applicationId, root.resolve("state")))) {
            learner.awaitRunning(Duration.ofSeconds(60));
            String batches = cluster.topics().batches().name();
            for (int step = 0; step < workload.steps(); step++) {
                for (Workload.Item item : workload.step(step)) {
                    producer.send(new ProducerRecord<>(batches, item.modelId(), SyntheticBatches.wrap(item.payload())));
                }
                if (step == 2) {
                    producer.flush();
                    try (Admin admin = cluster.admin()) {
                        assertThat(GroupProgress.awaitCommittedBeyond(admin, applicationId, batches, 0, 60_000))
                                .isTrue();
                    }
                    long begin = System.nanoTime();
                    cluster.kafka().stop();
                    Thread.sleep(3000);
                    cluster.kafka().restart();
                    System.out.printf(
                            "broker restart IT: broker down %.1f s (stop, 3 s pause, start on the same data dir)%n",
                            (System.nanoTime() - begin) / 1e9);
                }
            }
            producer.flush();
            Outcomes.assertSameState(
                    StoredModels.awaitSteps(
                            learner.streams(), workload.models(), workload.steps(), Duration.ofSeconds(180)),
                    workload);
            assertThat(learner.streams().state()).isEqualTo(org.apache.kafka.streams.KafkaStreams.State.RUNNING);
            Outcomes.assertReportsExactlyOnce(
                    cluster.readAll(
                            cluster.topics().reports().name(),
                            cluster.topics().reports().valueSerde().deserializer(),
                            Duration.ofSeconds(2)),
                    workload);
            assertThat(cluster.readAll(
                            cluster.topics().deadLetters().name(), new ByteArrayDeserializer(), Duration.ofSeconds(1)))
                    .isEmpty();
            System.out.println("broker restart IT: learner recovered without restart; state bit-identical to offline");
        }
    }
}
