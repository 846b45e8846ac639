package io.streambind.learner.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambind.avro.StepReport;
import io.streambind.avro.StreamRecord;
import io.streambind.core.model.ContinualModel;
import io.streambind.learner.InstanceIdentity;
import io.streambind.learner.LearnerApp;
import io.streambind.learner.LearnerConfig;
import io.streambind.learner.LearnerStreamsConfig;
import io.streambind.learner.SyntheticBatches;
import io.streambind.schemas.topics.ModelKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How fast a learner recovers, with learners in their own JVMs and the product's group settings (static
 * membership from the state directory, its session timeout): a SIGKILLed instance restarted on its state
 * directory; the instance that owns a model SIGKILLed while another keeps a standby of it; the same without
 * standbys, so that the survivor restores the model from the changelog. Each case prints the milliseconds
 * from the restart (or the kill) until the model is served and until its next batch is trained, and ends
 * with the state of an uninterrupted run, every batch counted once. Times are printed, not asserted.
 */
class RecoveryTimeIT {
    private static final long SEED = 20250120L;
    private static final int PARTITIONS = 2;
    /** The step whose backlog the kill lands in; the next step is produced right after the kill. */
    private static final int KILL_STEP = 2;

    private static final Duration RECOVERY_TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    Path root;

    private final List<LearnerProcess> started = new ArrayList<>();

    /** A failed case must not leave learner processes behind. */
    @AfterEach
    void killLeftovers() throws InterruptedException {
        for (LearnerProcess learner : started) {
            if (learner.isAlive()) {
                learner.kill();
            }
        }
    }

    @Test
    void restartOfTheSameInstance() throws Exception {
        Workload workload = workload();
        String model = workload.models().get(0);
        try (ReliabilityCluster cluster = ReliabilityCluster.start(root.resolve("kafka"), PARTITIONS);
                KafkaProducer<String, StreamRecord> producer = cluster.producer();
                Admin admin = cluster.admin()) {
            String applicationId = "recovery-restart";
            Path stateDir = root.resolve("state-a");
            LearnerProcess learner = start(cluster, applicationId, stateDir, 0, "a");
            assertThat(awaitMembers(admin, applicationId, 1)).containsOnlyKeys(memberId(stateDir, applicationId));
            long baseline = produceAndAwait(cluster, producer, admin, applicationId, workload, 0, KILL_STEP);
            produceAndKillMidStep(cluster, producer, admin, applicationId, workload, baseline, learner);

            int port = ReliabilityCluster.freePort();
            long restart = System.nanoTime();
            LearnerProcess restarted = start(cluster, applicationId, stateDir, 0, "a-restarted", port);
            LearnerProbe.Recovery recovery = new LearnerProbe(port).awaitRecovery(model, restart, RECOVERY_TIMEOUT);
            print("restart of the same instance", "restart", recovery, restarted, 0);

            finish(cluster, producer, admin, applicationId, workload, restarted, memberId(stateDir, applicationId));
        }
    }

    @Test
    void failoverToAStandby() throws Exception {
        failover(1, "failover to a standby");
    }

    @Test
    void failoverWithoutAStandby() throws Exception {
        failover(0, "failover without a standby (restore from the changelog)");
    }

    /** Two instances hold one model each; the owner of the first model is killed and the other takes it over. */
    private void failover(int standbys, String name) throws Exception {
        Workload workload = workload();
        String model = workload.models().get(0);
        try (ReliabilityCluster cluster = ReliabilityCluster.start(root.resolve("kafka"), PARTITIONS);
                KafkaProducer<String, StreamRecord> producer = cluster.producer();
                Admin admin = cluster.admin()) {
            String applicationId = "recovery-failover-" + standbys;
            int portA = ReliabilityCluster.freePort();
            int portB = ReliabilityCluster.freePort();
            LearnerProcess a = start(cluster, applicationId, root.resolve("state-a"), standbys, "a", portA);
            LearnerProcess b = start(cluster, applicationId, root.resolve("state-b"), standbys, "b", portB);
            Map<String, Set<TopicPartition>> assignment = awaitMembers(admin, applicationId, 2);
            TopicPartition partition =
                    new TopicPartition(cluster.topics().batches().name(), ModelKeys.partition(model, PARTITIONS));
            boolean aOwns = assignment
                    .get(memberId(root.resolve("state-a"), applicationId))
                    .contains(partition);
            assertThat(assignment
                            .get(memberId(root.resolve("state-b"), applicationId))
                            .contains(partition))
                    .as("one owner of " + partition + ": " + assignment)
                    .isNotEqualTo(aOwns);
            LearnerProcess owner = aOwns ? a : b;
            LearnerProcess survivor = aOwns ? b : a;
            long baseline = produceAndAwait(cluster, producer, admin, applicationId, workload, 0, KILL_STEP);
            long logged = Files.size(survivor.log());
            long kill = produceAndKillMidStep(cluster, producer, admin, applicationId, workload, baseline, owner);

            LearnerProbe.Recovery recovery =
                    new LearnerProbe(aOwns ? portB : portA).awaitRecovery(model, kill, RECOVERY_TIMEOUT);
            print(name, "kill", recovery, survivor, logged);

            finish(
                    cluster,
                    producer,
                    admin,
                    applicationId,
                    workload,
                    survivor,
                    memberId(root.resolve(aOwns ? "state-b" : "state-a"), applicationId));
        }
    }

    private static Workload workload() {
        return new Workload(ModelKeys.onDistinctPartitions("model-", PARTITIONS), 5, 3, 128, 96);
    }

    private LearnerProcess start(
            ReliabilityCluster cluster, String applicationId, Path stateDir, int standbys, String name)
            throws InterruptedException {
        return start(cluster, applicationId, stateDir, standbys, name, ReliabilityCluster.freePort());
    }

    /** A learner process with the product's group settings (the cluster's faster session timeout removed). */
    private LearnerProcess start(
            ReliabilityCluster cluster, String applicationId, Path stateDir, int standbys, String name, int port)
            throws InterruptedException {
        Map<String, String> settings = cluster.learnerSettings(applicationId, stateDir);
        settings.remove(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG));
        settings.remove(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG));
        settings.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, Integer.toString(standbys));
        settings.put(LearnerConfig.HTTP_PORT, Integer.toString(port));
        Path logs = root.resolve("logs");
        LearnerProcess learner = LearnerProcess.start(
                settings,
                logs,
                name,
                List.of(
                        "-Dorg.slf4j.simpleLogger.log.io.streambind.learner.StartTimeline=info",
                        "-Xlog:gc:file=" + logs.resolve(name + "-gc.log")));
        started.add(learner);
        return learner;
    }

    /** Produces steps [from, to) and waits until the group has committed all of them; returns the committed offsets. */
    private static long produceAndAwait(
            ReliabilityCluster cluster,
            KafkaProducer<String, StreamRecord> producer,
            Admin admin,
            String applicationId,
            Workload workload,
            int from,
            int to)
            throws Exception {
        String batches = cluster.topics().batches().name();
        produce(producer, batches, workload, from, to);
        long end = GroupProgress.end(admin, batches, PARTITIONS);
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (GroupProgress.committed(admin, applicationId, batches) < end) {
            assertThat(System.nanoTime())
                    .as("steps " + from + ".." + (to - 1) + " committed")
                    .isLessThan(deadline);
            Thread.sleep(100);
        }
        return end;
    }

    /**
     * Produces the kill step, SIGKILLs the learner at a seeded moment after it committed part of it, and
     * produces the next step at once so that a batch waits for whoever takes over; returns the kill's instant.
     */
    private static long produceAndKillMidStep(
            ReliabilityCluster cluster,
            KafkaProducer<String, StreamRecord> producer,
            Admin admin,
            String applicationId,
            Workload workload,
            long baseline,
            LearnerProcess victim)
            throws Exception {
        String batches = cluster.topics().batches().name();
        produce(producer, batches, workload, KILL_STEP, KILL_STEP + 1);
        assertThat(GroupProgress.awaitCommittedBeyond(admin, applicationId, batches, baseline, 90_000))
                .as("progress before the kill (log " + victim.log() + ")")
                .isTrue();
        Thread.sleep(new Random(SEED).nextInt(1000));
        long kill = System.nanoTime();
        victim.kill();
        produce(producer, batches, workload, KILL_STEP + 1, KILL_STEP + 2);
        return kill;
    }

    /**
     * Produces the rest, waits for every report, stops the learner with SIGTERM (it must leave the group at
     * once, static member or not) and checks what a fresh instance restores from the changelogs.
     */
    private void finish(
            ReliabilityCluster cluster,
            KafkaProducer<String, StreamRecord> producer,
            Admin admin,
            String applicationId,
            Workload workload,
            LearnerProcess learner,
            String memberId)
            throws Exception {
        produce(producer, cluster.topics().batches().name(), workload, KILL_STEP + 2, workload.steps());
        List<ConsumerRecord<byte[], StepReport>> reports = cluster.readUntil(
                cluster.topics().reports().name(),
                cluster.topics().reports().valueSerde().deserializer(),
                r -> Outcomes.allReported(r, workload),
                Duration.ofSeconds(180));
        assertThat(Outcomes.allReported(reports, workload))
                .as("all steps reported (log " + learner.log() + ")")
                .isTrue();

        long stop = System.nanoTime();
        learner.terminate();
        long terminated = (System.nanoTime() - stop) / 1_000_000;
        // The killed member's session ends after the session timeout; the stopped one must be gone before that.
        long left = awaitLeft(admin, applicationId, memberId, stop);
        System.out.printf(
                "recovery IT: SIGTERM closed the learner in %d ms; its static member left the group %d ms"
                        + " after the signal%n",
                terminated, left);
        // left by LEAVE_GROUP, not by the session's end: under load the close itself takes seconds
        assertThat(left)
                .as("a stopped static member leaves the group before its session times out")
                .isLessThan(LearnerStreamsConfig.DEFAULT_SESSION_TIMEOUT_MS);

        try (LearnerApp restored =
                Learners.start(cluster.learnerSettings(applicationId, root.resolve("state-final")))) {
            Map<String, ContinualModel> models = StoredModels.awaitSteps(
                    restored.streams(), workload.models(), workload.steps(), Duration.ofSeconds(120));
            Outcomes.assertSameState(models, workload);
        }
        Outcomes.assertReportsExactlyOnce(
                cluster.readAll(
                        cluster.topics().reports().name(),
                        cluster.topics().reports().valueSerde().deserializer(),
                        Duration.ofSeconds(2)),
                workload);
        assertThat(cluster.readAll(
                        cluster.topics().deadLetters().name(), new ByteArrayDeserializer(), Duration.ofSeconds(1)))
                .as("dead letters")
                .isEmpty();
    }

    /** Milliseconds after {@code sinceNanos} until the member is no longer in the group. */
    private static long awaitLeft(Admin admin, String applicationId, String memberId, long sinceNanos)
            throws Exception {
        while (describe(admin, applicationId).members().stream()
                .anyMatch(m -> m.groupInstanceId().orElse("").equals(memberId))) {
            assertThat(System.nanoTime() - sinceNanos)
                    .as(memberId + " still in the group")
                    .isLessThan(30_000_000_000L);
            Thread.sleep(20);
        }
        return (System.nanoTime() - sinceNanos) / 1_000_000;
    }

    /** Prints the figures and the start milestones the learner logged past {@code fromByte} of its log. */
    private static void print(
            String name, String from, LearnerProbe.Recovery recovery, LearnerProcess learner, long fromByte)
            throws java.io.IOException {
        System.out.printf(
                "recovery IT: %s: from the %s, model served after %.1f s, next batch trained after %.1f s%n",
                name, from, recovery.servedMillis() / 1e3, recovery.trainedMillis() / 1e3);
        byte[] log = Files.readAllBytes(learner.log());
        for (String line :
                new String(log, (int) fromByte, log.length - (int) fromByte, StandardCharsets.UTF_8).split("\n")) {
            if (line.contains("Learner start:")) {
                System.out.println("recovery IT:   " + line.substring(line.indexOf("Learner start:")));
            }
        }
    }

    /** Waits until the group is stable with {@code members} members, each with tasks; returns their partitions by instance id. */
    private static Map<String, Set<TopicPartition>> awaitMembers(Admin admin, String applicationId, int members)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            ConsumerGroupDescription group = describe(admin, applicationId);
            if (group != null
                    && group.members().size() == members
                    && group.groupState() == GroupState.STABLE
                    && group.members().stream()
                            .allMatch(m -> !m.assignment().topicPartitions().isEmpty())) {
                Map<String, Set<TopicPartition>> partitions = new HashMap<>();
                for (MemberDescription member : group.members()) {
                    partitions.put(
                            member.groupInstanceId().orElse(""),
                            member.assignment().topicPartitions());
                }
                return partitions;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("group " + applicationId + " did not settle on " + members + " members");
    }

    /** The static membership id a learner keeps in its state directory, with Kafka Streams' suffix of its one thread. */
    private static String memberId(Path stateDir, String applicationId) throws java.io.IOException {
        return Files.readString(stateDir.resolve(applicationId).resolve(InstanceIdentity.FILE_NAME))
                        .strip() + "-1";
    }

    /** The group as the broker describes it, null before its first member joined. */
    private static ConsumerGroupDescription describe(Admin admin, String applicationId)
            throws InterruptedException, ExecutionException {
        try {
            return admin.describeConsumerGroups(List.of(applicationId))
                    .all()
                    .get()
                    .get(applicationId);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return null;
            }
            throw e;
        }
    }

    private static void produce(
            KafkaProducer<String, StreamRecord> producer, String topic, Workload workload, int from, int to) {
        for (int step = from; step < to; step++) {
            for (Workload.Item item : workload.step(step)) {
                producer.send(new ProducerRecord<>(topic, item.modelId(), SyntheticBatches.wrap(item.payload())));
            }
        }
        producer.flush();
    }
}
