package io.streambind.learner.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambind.avro.EmbeddingBatch;
import io.streambind.avro.Split;
import io.streambind.avro.StepReport;
import io.streambind.avro.StreamRecord;
import io.streambind.core.model.ContinualModel;
import io.streambind.learner.LearnerApp;
import io.streambind.learner.LearnerConfig;
import io.streambind.learner.OfflineReference;
import io.streambind.learner.SyntheticBatches;
import io.streambind.learner.state.StoreNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restore after a long history reads about the live state, not the history: a d = 1024 model closes
 * many steps, each writing a full step-end snapshot to the sections changelog; once the broker has
 * compacted the closed segments, the changelog holds at most a few snapshots, and a learner on an empty
 * state directory restores the model of the last step from it. By default a pair (m0, m1) over 16 steps
 * with 32 MiB segments; {@code -Dstreambind.long-history.modalities=7 -Dstreambind.long-history.steps=8
 * -Dstreambind.long-history.segment.mib=64} measures the 7-modality model of RestoreTimeIT at the
 * learner's default segment size.
 */
class LongHistoryRestoreIT {
    private static final String APPLICATION_ID = "long-history";
    private static final String MODEL = "long";
    private static final int WIDTH = 1024;
    private static final int ROWS = 64;
    private static final int MODALITIES = Integer.getInteger("streambind.long-history.modalities", 2);
    private static final int STEPS = Integer.getInteger("streambind.long-history.steps", 16);
    /** Batches of each pair (m0, mi) per step: two for the default pair, one each for more modalities. */
    private static final int ROUNDS_PER_STEP = MODALITIES == 2 ? 2 : 1;
    /** Small enough for several segments to close within the run, as the 64 MiB default does over a longer one. */
    private static final int SEGMENT_BYTES = Integer.getInteger("streambind.long-history.segment.mib", 32) << 20;

    @TempDir
    Path root;

    @Test
    void theSectionsChangelogStaysNearTheLiveStateAsStepsAccumulate() throws Exception {
        OfflineReference offline = new OfflineReference();
        try (ReliabilityCluster cluster = ReliabilityCluster.start(root.resolve("kafka"), 1);
                KafkaProducer<String, StreamRecord> producer = cluster.producer()) {
            long written;
            try (LearnerApp learner = Learners.start(settings(cluster, root.resolve("state-build")))) {
                String topic = cluster.topics().batches().name();
                for (int step = 0; step < STEPS; step++) {
                    for (EmbeddingBatch batch : step(step)) {
                        producer.send(new ProducerRecord<>(topic, MODEL, SyntheticBatches.wrap(batch)));
                        offline.train(batch);
                    }
                    producer.send(new ProducerRecord<>(
                            topic, MODEL, SyntheticBatches.wrap(SyntheticBatches.marker(MODEL, step))));
                    offline.endStep();
                }
                producer.flush();
                List<ConsumerRecord<byte[], StepReport>> reports = cluster.readUntil(
                        cluster.topics().reports().name(),
                        cluster.topics().reports().valueSerde().deserializer(),
                        r -> r.size() >= STEPS,
                        Duration.ofSeconds(300));
                assertThat(reports).hasSize(STEPS);
                written = learner.bytesSent(sectionsChangelog()::equals);
            }
            long live = offline.model().toBytes().length;
            // Compacted: one clean copy of the live state, at most as much again not yet cleaned, the open segment.
            long bound = 2 * live + SEGMENT_BYTES + live / 2;
            long onDisk = awaitSizeAtMost(cluster, bound, Duration.ofSeconds(90));
            System.out.printf(
                    "long-history IT: %d steps of a %d-modality d=%d model, live state %.1f MB; %.1f MB written"
                            + " to the sections changelog, %.1f MB on the broker after compaction (bound %.1f MB, %d MiB"
                            + " segments)%n",
                    STEPS,
                    MODALITIES,
                    WIDTH,
                    live / 1e6,
                    written / 1e6,
                    onDisk / 1e6,
                    bound / 1e6,
                    SEGMENT_BYTES >> 20);
            assertThat(written).as("the history is many times the live state").isGreaterThan(6 * live);
            assertThat(onDisk).isLessThanOrEqualTo(bound);

            long restoreBegin = System.nanoTime();
            try (LearnerApp restored = Learners.start(settings(cluster, root.resolve("state-restore")))) {
                ContinualModel model = StoredModels.awaitSteps(
                                restored.streams(), List.of(MODEL), STEPS, Duration.ofSeconds(300))
                        .get(MODEL);
                System.out.printf(
                        "long-history IT: restore on an empty state dir to a decoded model: %.1f s%n",
                        (System.nanoTime() - restoreBegin) / 1e9);
                assertThat(model.toBytes()).isEqualTo(offline.model().toBytes());
            }
        }
    }

    private static Map<String, String> settings(ReliabilityCluster cluster, Path stateDir) {
        Map<String, String> settings = cluster.learnerSettings(APPLICATION_ID, stateDir);
        settings.put(LearnerConfig.CHANGELOG_SEGMENT_BYTES, Integer.toString(SEGMENT_BYTES));
        settings.put(LearnerConfig.SNAPSHOT_INTERVAL_BATCHES, "1000");
        return settings;
    }

    /** m0 paired with each other modality, so that every head changes in every step. */
    private static List<EmbeddingBatch> step(int step) {
        List<EmbeddingBatch> batches = new ArrayList<>();
        for (int round = 0; round < ROUNDS_PER_STEP; round++) {
            for (int m = 1; m < MODALITIES; m++) {
                EmbeddingBatch batch = SyntheticBatches.batch(
                        MODEL,
                        "s" + step + "-r" + round + "-m" + m,
                        Split.TRAIN,
                        ROWS,
                        WIDTH,
                        1000L * step + 10L * round + m);
                batch.setModalityA("m0");
                batch.setModalityB("m" + m);
                batches.add(batch);
            }
        }
        return batches;
    }

    private static String sectionsChangelog() {
        return APPLICATION_ID + "-" + StoreNames.SECTIONS + "-changelog";
    }

    /** Waits for the broker's cleaner to bring the sections changelog to {@code bound} bytes; returns its size. */
    private static long awaitSizeAtMost(ReliabilityCluster cluster, long bound, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long size;
        try (Admin admin = cluster.admin()) {
            while ((size = size(admin)) > bound && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
        }
        return size;
    }

    private static long size(Admin admin) throws Exception {
        long bytes = 0;
        for (var dirs :
                admin.describeLogDirs(List.of(1)).allDescriptions().get().values()) {
            for (var dir : dirs.values()) {
                for (var replica : dir.replicaInfos().entrySet()) {
                    if (replica.getKey().topic().equals(sectionsChangelog())) {
                        bytes += replica.getValue().size();
                    }
                }
            }
        }
        return bytes;
    }
}
