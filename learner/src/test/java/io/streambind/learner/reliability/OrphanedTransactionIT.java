package io.streambind.learner.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streambind.avro.StreamRecord;
import io.streambind.core.model.ContinualModel;
import io.streambind.learner.LearnerApp;
import io.streambind.learner.LearnerConfig;
import io.streambind.learner.SyntheticBatches;
import io.streambind.schemas.topics.ModelKeys;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An instance killed inside a commit leaves a transaction open that holds its group's offsets back (offset
 * fetches answer "unstable" until it ends): the learner that takes its models over aborts it instead of
 * waiting for the transaction timeout. The dead instance is a transactional producer named as Kafka Streams
 * names a stream thread's, whose transaction holds offsets of every batches partition and is never ended.
 */
class OrphanedTransactionIT {
    private static final int PARTITIONS = 2;
    /** How long the dead instance's transaction would hold the offsets back, were it not aborted. */
    private static final Duration DEAD_TRANSACTION_TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    Path root;

    @Test
    void aLearnerAbortsTheOpenTransactionOfAnInstanceThatDiedInsideACommit() throws Exception {
        Workload workload = new Workload(ModelKeys.onDistinctPartitions("model-", PARTITIONS), 2, 3, 64, 32);
        String applicationId = "orphaned-transaction";
        try (DeadInstance setup = DeadInstance.start(root, applicationId, workload)) {
            ReliabilityCluster cluster = setup.cluster();
            Admin admin = setup.admin();
            KafkaProducer<byte[], byte[]> dead = setup.dead();
            String batches = cluster.topics().batches().name();
            long end = GroupProgress.end(admin, batches, PARTITIONS);

            long start = System.nanoTime();
            try (LearnerApp learner = Learners.start(cluster.learnerSettings(applicationId, root.resolve("state")))) {
                assertThat(GroupProgress.awaitCommittedBeyond(
                                admin, applicationId, batches, end - 1, DEAD_TRANSACTION_TIMEOUT.toMillis() / 2))
                        .as("every batch committed well before the dead instance's transaction times out")
                        .isTrue();
                System.out.printf(
                        "orphaned transaction IT: every batch committed %d ms after the learner's start, with a dead"
                                + " instance's transaction open that would have held the offsets for %d s%n",
                        (System.nanoTime() - start) / 1_000_000, DEAD_TRANSACTION_TIMEOUT.toSeconds());
                assertThatThrownBy(dead::commitTransaction)
                        .as("the dead instance's transaction was aborted and its producer fenced")
                        .isInstanceOfAny(ProducerFencedException.class, InvalidProducerEpochException.class);
                Map<String, ContinualModel> models = StoredModels.awaitSteps(
                        learner.streams(), workload.models(), workload.steps(), Duration.ofSeconds(60));
                Outcomes.assertSameState(models, workload);
            }
            Outcomes.assertReportsExactlyOnce(
                    cluster.readAll(
                            cluster.topics().reports().name(),
                            cluster.topics().reports().valueSerde().deserializer(),
                            Duration.ofSeconds(2)),
                    workload);
        }
    }

    /** The control: with aborting off, the same dead transaction keeps the learner from committing anything. */
    @Test
    void withoutAbortingTheLearnerWaitsForTheDeadTransaction() throws Exception {
        Workload workload = new Workload(ModelKeys.onDistinctPartitions("model-", PARTITIONS), 1, 1, 64, 32);
        String applicationId = "orphaned-transaction-kept";
        try (DeadInstance setup = DeadInstance.start(root, applicationId, workload)) {
            ReliabilityCluster cluster = setup.cluster();
            Admin admin = setup.admin();
            String batches = cluster.topics().batches().name();
            Map<String, String> settings = cluster.learnerSettings(applicationId, root.resolve("state"));
            settings.put(LearnerConfig.ABORT_ORPHANED_TRANSACTIONS, "false");
            try (LearnerApp learner = Learners.start(settings)) {
                assertThat(GroupProgress.awaitCommittedBeyond(admin, applicationId, batches, 0, 15_000))
                        .as("nothing committed while the dead transaction holds the offsets")
                        .isFalse();
            }
        }
    }

    /**
     * A cluster whose batches topic holds the workload, and beside it the dead instance's open transaction,
     * which the learner started by the test meets.
     */
    private record DeadInstance(ReliabilityCluster cluster, Admin admin, KafkaProducer<byte[], byte[]> dead)
            implements AutoCloseable {
        static DeadInstance start(Path root, String applicationId, Workload workload) {
            ReliabilityCluster cluster = ReliabilityCluster.start(root.resolve("kafka"), PARTITIONS);
            try (KafkaProducer<String, StreamRecord> producer = cluster.producer()) {
                produce(producer, cluster.topics().batches().name(), workload);
            }
            return new DeadInstance(cluster, cluster.admin(), openTransactionHoldingOffsets(cluster, applicationId));
        }

        @Override
        public void close() {
            dead.close();
            admin.close();
            cluster.close();
        }
    }

    /**
     * A transactional producer named like a stream thread of another Kafka Streams process of the application,
     * with a transaction that holds offsets of every batches partition for the group, left open.
     */
    private static KafkaProducer<byte[], byte[]> openTransactionHoldingOffsets(
            ReliabilityCluster cluster, String applicationId) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrap());
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, applicationId + "-" + UUID.randomUUID() + "-1");
        config.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) DEAD_TRANSACTION_TIMEOUT.toMillis());
        KafkaProducer<byte[], byte[]> dead =
                new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
        dead.initTransactions();
        dead.beginTransaction();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            offsets.put(new TopicPartition(cluster.topics().batches().name(), p), new OffsetAndMetadata(0));
        }
        dead.sendOffsetsToTransaction(offsets, new ConsumerGroupMetadata(applicationId));
        return dead;
    }

    private static void produce(KafkaProducer<String, StreamRecord> producer, String topic, Workload workload) {
        for (Workload.Item item : workload.all()) {
            producer.send(new ProducerRecord<>(topic, item.modelId(), SyntheticBatches.wrap(item.payload())));
        }
        producer.flush();
    }
}
