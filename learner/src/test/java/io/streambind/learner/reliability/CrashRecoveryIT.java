package io.streambind.learner.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambind.avro.StepReport;
import io.streambind.avro.StreamRecord;
import io.streambind.core.model.ContinualModel;
import io.streambind.learner.LearnerApp;
import io.streambind.learner.SyntheticBatches;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The learner in its own JVM, SIGKILLed at seeded random moments while it works through a backlog
 * (mid-batch, mid-commit, right after a step marker), restarted on the same state directory and
 * once on an empty one (lost disk). The state it ends with is bit-identical to offline training of
 * the same batches, and every batch is counted exactly once.
 */
class CrashRecoveryIT {
    private static final long SEED = 20240611L;
    private static final int KILLS = 6;
    /** The kill (0-based) after which the learner restarts on an empty state directory. */
    private static final int FRESH_DISK_KILL = 2;

    private static final int PARTITIONS = 2;

    @TempDir
    Path root;

    @Test
    void sigkilledLearnerEndsWithTheStateOfAnUninterruptedRun() throws Exception {
        Workload workload = new Workload(List.of("alpha", "beta"), 10, 3, 128, 96);
        Random random = new Random(SEED);
        List<Integer> killSteps = killSteps(random, workload.steps());
        String applicationId = "crash-" + SEED;
        try (ReliabilityCluster cluster = ReliabilityCluster.start(root.resolve("kafka"), PARTITIONS);
                KafkaProducer<String, StreamRecord> producer = cluster.producer();
                Admin admin = cluster.admin()) {
            String batches = cluster.topics().batches().name();
            int stateDirs = 0;
            Map<String, String> settings = cluster.learnerSettings(applicationId, root.resolve("state-" + stateDirs));
            LearnerProcess learner = LearnerProcess.start(settings, root.resolve("logs"), "learner-0");
            long baseline = 0;
            List<String> kills = new ArrayList<>();
            for (int step = 0; step < workload.steps(); step++) {
                for (Workload.Item item : workload.step(step)) {
                    producer.send(new ProducerRecord<>(batches, item.modelId(), SyntheticBatches.wrap(item.payload())));
                }
                producer.flush();
                if (!killSteps.contains(step)) {
                    continue;
                }
                int kill = kills.size();
                // Kill 0 lands right after the marker was produced; the others at a random point of the backlog.
                long delay = kill == 0 ? 0 : random.nextInt(1500);
                boolean working = GroupProgress.awaitCommittedBeyond(admin, applicationId, batches, baseline, 90_000);
                assertThat(working)
                        .as("learner made progress before kill " + kill + " (log " + learner.log() + ")")
                        .isTrue();
                Thread.sleep(delay);
                learner.kill();
                long committed = GroupProgress.committed(admin, applicationId, batches);
                long end = GroupProgress.end(admin, batches, PARTITIONS);
                kills.add(String.format(
                        "kill %d after step %d's marker +%d ms: committed offsets %d of %d",
                        kill, step, delay, committed, end));
                baseline = committed;
                if (kill == FRESH_DISK_KILL) {
                    stateDirs++;
                    settings = cluster.learnerSettings(applicationId, root.resolve("state-" + stateDirs));
                }
                learner = LearnerProcess.start(settings, root.resolve("logs"), "learner-" + (kill + 1));
            }
            List<ConsumerRecord<byte[], StepReport>> reports = cluster.readUntil(
                    cluster.topics().reports().name(),
                    cluster.topics().reports().valueSerde().deserializer(),
                    r -> Outcomes.allReported(r, workload),
                    Duration.ofSeconds(180));
            assertThat(Outcomes.allReported(reports, workload))
                    .as("all steps reported (log " + learner.log() + ")")
                    .isTrue();
            learner.kill();
            kills.forEach(k -> System.out.println("crash IT: " + k));

            // The final state as the changelogs hold it: a fresh in-process instance restores it from scratch.
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
                    .as("dead letters (a replayed batch must not look like a duplicate)")
                    .isEmpty();
            assertThat(kills).hasSize(KILLS);
            System.out.printf(
                    "crash IT: %d SIGKILLs (one onto an empty state dir), %d models x %d steps x %d batches"
                            + " (n=%d, d=%d): state bit-identical to offline, %d reports exactly once%n",
                    KILLS,
                    workload.models().size(),
                    workload.steps(),
                    workload.batchesPerStep(),
                    workload.rows(),
                    workload.width(),
                    workload.models().size() * workload.steps());
            assertThat(Files.exists(root.resolve("state-1"))).isTrue();
        }
    }

    /** KILLS distinct steps after which a kill happens, seeded, never the last step (the run must finish). */
    private static List<Integer> killSteps(Random random, int steps) {
        List<Integer> candidates = new ArrayList<>();
        for (int s = 0; s < steps - 1; s++) {
            candidates.add(s);
        }
        java.util.Collections.shuffle(candidates, random);
        return candidates.subList(0, KILLS).stream().sorted().toList();
    }
}
