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
import io.streambind.schemas.codec.FloatMatrix;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restore time of a large model: seven modalities of width 1024 (every modality paired with m0,
 * a few batches per pair, one step end), built by a learner process that is then SIGKILLed; a new
 * instance on an empty state directory restores it from the changelogs within the 10 s target, to the
 * bytes of offline training.
 */
class RestoreTimeIT {
    private static final String MODEL = "big";
    private static final int MODALITIES = 7;
    private static final int WIDTH = 1024;
    private static final int ROWS = 64;
    private static final int BATCHES_PER_PAIR = 2;
    private static final double RESTORE_TARGET_SECONDS = 10;

    @TempDir
    Path root;

    @Test
    void sevenModalityWidth1024ModelRestoresOnAnEmptyStateDirectory() throws Exception {
        List<EmbeddingBatch> batches = batches();
        try (ReliabilityCluster cluster = ReliabilityCluster.start(root.resolve("kafka"), 1);
                KafkaProducer<String, StreamRecord> producer = cluster.producer()) {
            Map<String, String> settings = settings(cluster, root.resolve("state-build"));
            LearnerProcess builder = LearnerProcess.start(settings, root.resolve("logs"), "builder", List.of("-Xmx3g"));
            long buildBegin = System.nanoTime();
            String topic = cluster.topics().batches().name();
            for (EmbeddingBatch batch : batches) {
                producer.send(new ProducerRecord<>(topic, MODEL, SyntheticBatches.wrap(batch)));
            }
            producer.send(new ProducerRecord<>(topic, MODEL, SyntheticBatches.wrap(SyntheticBatches.marker(MODEL, 0))));
            producer.flush();
            List<ConsumerRecord<byte[], StepReport>> reports = cluster.readUntil(
                    cluster.topics().reports().name(),
                    cluster.topics().reports().valueSerde().deserializer(),
                    r -> !r.isEmpty(),
                    Duration.ofSeconds(300));
            assertThat(reports).as("step report (log " + builder.log() + ")").hasSize(1);
            double buildSeconds = (System.nanoTime() - buildBegin) / 1e9;
            builder.kill();

            OfflineReference offline = new OfflineReference();
            batches.forEach(offline::train);
            byte[] expected = offline.endStep().model().toBytes();

            long restoreBegin = System.nanoTime();
            try (LearnerApp restored = Learners.start(settings(cluster, root.resolve("state-restore")))) {
                ContinualModel model = StoredModels.awaitSteps(
                                restored.streams(), List.of(MODEL), 1, Duration.ofSeconds(300))
                        .get(MODEL);
                double restoreSeconds = (System.nanoTime() - restoreBegin) / 1e9;
                assertThat(model.modalities()).hasSize(MODALITIES);
                assertThat(model.toBytes()).isEqualTo(expected);
                System.out.printf(
                        "restore IT: %d modalities x d=%d, state %.1f MB; built in %.1f s (%d batches + step end);"
                                + " restore on an empty state dir to a decoded model: %.1f s (target %.0f s)%n",
                        MODALITIES,
                        WIDTH,
                        expected.length / 1e6,
                        buildSeconds,
                        batches.size(),
                        restoreSeconds,
                        RESTORE_TARGET_SECONDS);
                assertThat(restoreSeconds)
                        .as("restore time on an empty state directory, seconds")
                        .isLessThanOrEqualTo(RESTORE_TARGET_SECONDS);
            }
        }
    }

    private static Map<String, String> settings(ReliabilityCluster cluster, Path stateDir) {
        Map<String, String> settings = cluster.learnerSettings("restore-time", stateDir);
        // One snapshot at the step end instead of every few batches; the step end writes every section
        // (hundreds of MB) in one transaction.
        settings.put(LearnerConfig.SNAPSHOT_INTERVAL_BATCHES, "1000");
        settings.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), "120000");
        return settings;
    }

    /** Modality m0 paired with each of m1..m6, a few batches each, in a fixed order. */
    private static List<EmbeddingBatch> batches() {
        List<EmbeddingBatch> batches = new ArrayList<>();
        Random random = new Random(1024);
        for (int round = 0; round < BATCHES_PER_PAIR; round++) {
            for (int m = 1; m < MODALITIES; m++) {
                float[] xa = new float[ROWS * WIDTH];
                float[] xb = new float[ROWS * WIDTH];
                for (int i = 0; i < xa.length; i++) {
                    xa[i] = (float) random.nextGaussian();
                    xb[i] = xa[i] + 0.3f * (float) random.nextGaussian();
                }
                batches.add(EmbeddingBatch.newBuilder()
                        .setModelId(MODEL)
                        .setBatchId("r" + round + "-m" + m)
                        .setTask("task")
                        .setSplit(Split.TRAIN)
                        .setModalityA("m0")
                        .setModalityB("m" + m)
                        .setWidthA(WIDTH)
                        .setWidthB(WIDTH)
                        .setRows(ROWS)
                        .setXa(FloatMatrix.toBytes(xa))
                        .setXb(FloatMatrix.toBytes(xb))
                        .setLabels(null)
                        .setPart(0)
                        .setParts(1)
                        .setProducedAtMillis(0L)
                        .build());
            }
        }
        return batches;
    }
}
