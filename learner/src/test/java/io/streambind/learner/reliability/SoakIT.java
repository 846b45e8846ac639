package io.streambind.learner.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambind.avro.EmbeddingBatch;
import io.streambind.avro.Split;
import io.streambind.avro.StreamRecord;
import io.streambind.learner.LearnerApp;
import io.streambind.learner.LearnerConfig;
import io.streambind.learner.SyntheticBatches;
import io.streambind.learner.state.Manifest;
import io.streambind.learner.state.StoreNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bounded soak on loopback: several models fed as fast as the learner keeps up (the producer holds
 * back while the lag exceeds a few steps) for {@code -Dstreambind.soak.seconds} (skipped when unset).
 * Every few seconds: heap after GC, state directory size, consumer lag, and the store sizes the
 * design bounds (redo log below the snapshot interval, batch ids of two steps, test pairs capped).
 */
class SoakIT {
    private static final int MODELS = 3;
    private static final int TRAIN_PER_STEP = 4;
    private static final int ROWS = 64;
    private static final int WIDTH = 64;
    private static final int SNAPSHOT_INTERVAL = 8;
    private static final int MAX_TEST_PAIRS = 200;
    private static final long SAMPLE_MILLIS = 5000;

    @TempDir
    Path root;

    @Test
    void learnerRunsAtFullRateWithinTheDesignBounds() throws Exception {
        long seconds = Long.getLong("streambind.soak.seconds", 0);
        Assumptions.assumeTrue(seconds > 0, "set -Dstreambind.soak.seconds=N to run the soak");
        List<String> models = new ArrayList<>();
        for (int m = 0; m < MODELS; m++) {
            models.add("soak-" + m);
        }
        Path stateDir = root.resolve("state");
        try (ReliabilityCluster cluster = ReliabilityCluster.start(root.resolve("kafka"), 2);
                KafkaProducer<String, StreamRecord> producer = cluster.producer();
                Admin admin = cluster.admin()) {
            var settings = cluster.learnerSettings("soak", stateDir);
            settings.put(LearnerConfig.SNAPSHOT_INTERVAL_BATCHES, Integer.toString(SNAPSHOT_INTERVAL));
            settings.put(LearnerConfig.MAX_TEST_PAIRS, Integer.toString(MAX_TEST_PAIRS));
            String topic = cluster.topics().batches().name();
            int recordsPerStep = MODELS * (TRAIN_PER_STEP + 2);
            List<long[]> samples = new ArrayList<>(); // elapsed ms, heap bytes, state dir bytes, lag, batch ids
            try (LearnerApp learner = Learners.start(settings)) {
                learner.awaitRunning(java.time.Duration.ofSeconds(60));
                long begin = System.currentTimeMillis();
                long nextSample = begin;
                int step = 0;
                while (System.currentTimeMillis() - begin < seconds * 1000) {
                    long lag = GroupProgress.end(admin, topic, 2) - GroupProgress.committed(admin, "soak", topic);
                    if (lag < 3L * recordsPerStep) {
                        produceStep(producer, topic, models, step++);
                    } else {
                        Thread.sleep(20);
                    }
                    if (System.currentTimeMillis() >= nextSample) {
                        nextSample += SAMPLE_MILLIS;
                        long[] sample = {
                            System.currentTimeMillis() - begin,
                            heapAfterGc(),
                            size(stateDir),
                            lag,
                            checkBounds(learner, models)
                        };
                        samples.add(sample);
                        System.out.printf(
                                "soak: t=%3d s heap %5.1f MB state dir %6.1f MB lag %3d batch ids %d step %d%n",
                                sample[0] / 1000, sample[1] / 1e6, sample[2] / 1e6, sample[3], sample[4], step);
                    }
                }
                double elapsed = (System.currentTimeMillis() - begin) / 1000.0;
                long trained = 0;
                for (String model : models) {
                    Manifest manifest = StoredModels.manifest(learner.streams(), model);
                    trained += manifest == null ? 0 : manifest.samplesSeen;
                }
                System.out.printf(
                        "soak: %d models, n=%d d=%d, %.0f s: %d steps produced, %d pairs trained = %.0f pairs/s"
                                + " (%.1f batches/s)%n",
                        MODELS, ROWS, WIDTH, elapsed, step, trained, trained / elapsed, trained / elapsed / ROWS);
                assertThat(trained).isPositive();
            }
            assertNoGrowth(samples);
        }
    }

    private static void produceStep(
            KafkaProducer<String, StreamRecord> producer, String topic, List<String> models, int step) {
        for (int i = 0; i <= TRAIN_PER_STEP; i++) {
            for (String model : models) {
                Split split = i == TRAIN_PER_STEP ? Split.TEST : Split.TRAIN;
                EmbeddingBatch batch = SyntheticBatches.batch(
                        model, "s" + step + "-" + i, split, ROWS, WIDTH, 31L * step + i + model.hashCode());
                producer.send(new ProducerRecord<>(topic, model, SyntheticBatches.wrap(batch)));
            }
        }
        for (String model : models) {
            producer.send(
                    new ProducerRecord<>(topic, model, SyntheticBatches.wrap(SyntheticBatches.marker(model, step))));
        }
    }

    /** Asserts the store bounds of the design for every model; returns the batch-id entries held. */
    private static long checkBounds(LearnerApp learner, List<String> models) {
        for (String model : models) {
            Manifest manifest = StoredModels.manifest(learner.streams(), model);
            if (manifest == null) {
                continue;
            }
            assertThat(manifest.redoEntries).as("redo entries of " + model).isLessThan(SNAPSHOT_INTERVAL);
            manifest.testRows.values().forEach(rows -> assertThat(rows).isLessThanOrEqualTo(MAX_TEST_PAIRS));
        }
        long ids = 0;
        try (KeyValueIterator<String, byte[]> it =
                StoredModels.store(learner.streams(), StoreNames.BATCH_IDS).all()) {
            while (it.hasNext()) {
                it.next();
                ids++;
            }
        } catch (RuntimeException rebalancing) {
            return -1;
        }
        // The open step and one retained step (learner.dedup.retained.steps = 1), one id per batch.
        assertThat(ids).as("batch ids remembered").isLessThanOrEqualTo(2L * models.size() * (TRAIN_PER_STEP + 1));
        return ids;
    }

    private static void assertNoGrowth(List<long[]> samples) {
        assertThat(samples.size()).as("samples").isGreaterThanOrEqualTo(4);
        int half = samples.size() / 2;
        long heapFirst =
                samples.subList(1, half).stream().mapToLong(s -> s[1]).max().orElseThrow();
        long heapLast = samples.subList(half, samples.size()).stream()
                .mapToLong(s -> s[1])
                .max()
                .orElseThrow();
        long diskFirst =
                samples.subList(1, half).stream().mapToLong(s -> s[2]).max().orElseThrow();
        long diskLast = samples.subList(half, samples.size()).stream()
                .mapToLong(s -> s[2])
                .max()
                .orElseThrow();
        System.out.printf(
                "soak: heap after GC max %.1f MB (first half) vs %.1f MB (second half); state dir %.1f MB vs %.1f MB%n",
                heapFirst / 1e6, heapLast / 1e6, diskFirst / 1e6, diskLast / 1e6);
        assertThat(heapLast).as("heap after GC, second half").isLessThanOrEqualTo(heapFirst * 3 / 2 + (64L << 20));
        assertThat(diskLast).as("state dir, second half").isLessThanOrEqualTo(diskFirst * 2 + (64L << 20));
    }

    private static long heapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long size(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(p -> {
                        try {
                            return Files.size(p);
                        } catch (IOException vanished) {
                            return 0; // RocksDB removed it between listing and sizing
                        }
                    })
                    .sum();
        } catch (IOException | UncheckedIOException e) {
            return -1;
        }
    }
}
