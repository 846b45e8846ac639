package io.streambind.learner.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambind.avro.EmbeddingBatch;
import io.streambind.avro.Split;
import io.streambind.avro.StepReport;
import io.streambind.avro.StreamRecord;
import io.streambind.core.model.ContinualModel;
import io.streambind.learner.LearnerApp;
import io.streambind.learner.OfflineReference;
import io.streambind.learner.SyntheticBatches;
import io.streambind.schemas.topics.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A record that throws half-way (a step marker whose evaluation fails after the step was folded) in a
 * learner process under exactly-once, SIGKILLed right after its dead letter was committed: the record
 * is dead-lettered once, the model is as if it never came, and the restarted learner trains on.
 */
class ProcessingErrorCrashIT {
    private static final String MODEL = "pe";
    private static final int ROWS = 16;
    private static final int WIDTH = 24;

    @TempDir
    Path root;

    @Test
    void aFailingRecordIsDeadLetteredOnceAndUndoneAcrossACrash() throws Exception {
        OfflineReference offline = new OfflineReference();
        try (ReliabilityCluster cluster = ReliabilityCluster.start(root.resolve("kafka"), 1);
                KafkaProducer<String, StreamRecord> producer = cluster.producer()) {
            String batches = cluster.topics().batches().name();
            Map<String, String> settings = cluster.learnerSettings("processing-error", root.resolve("state"));
            LearnerProcess learner = LearnerProcess.start(
                    settings,
                    root.resolve("logs"),
                    "learner-0",
                    List.of("-D" + LearnerProcessMain.FAIL_EVALUATION_AT_STEP + "=1"));
            send(producer, batches, train(offline, 0, 0), train(offline, 0, 1), marker(offline, 0));
            send(producer, batches, train(offline, 1, 0), train(offline, 1, 1));
            send(producer, batches, SyntheticBatches.marker(MODEL, 1)); // fails, and is not applied offline
            send(producer, batches, train(offline, 1, 2));

            List<ConsumerRecord<byte[], byte[]>> dead = cluster.readUntil(
                    cluster.topics().deadLetters().name(),
                    new ByteArrayDeserializer(),
                    found -> !found.isEmpty(),
                    Duration.ofSeconds(120));
            assertThat(dead)
                    .as("the failing marker's dead letter (log " + learner.log() + ")")
                    .hasSize(1);
            learner.kill();

            learner = LearnerProcess.start(settings, root.resolve("logs"), "learner-1");
            send(producer, batches, marker(offline, 1), train(offline, 2, 0), marker(offline, 2));
            List<ConsumerRecord<byte[], StepReport>> reports = cluster.readUntil(
                    cluster.topics().reports().name(),
                    cluster.topics().reports().valueSerde().deserializer(),
                    found -> found.size() >= 3,
                    Duration.ofSeconds(120));
            assertThat(reports)
                    .as("reports (log " + learner.log() + ")")
                    .extracting(r -> r.value().getStep())
                    .containsExactly(0L, 1L, 2L);
            assertThat(reports.get(1).value().getPairs().get(0).getBatches())
                    .as("batches of step 1")
                    .isEqualTo(3);
            learner.kill();

            dead = cluster.readAll(
                    cluster.topics().deadLetters().name(), new ByteArrayDeserializer(), Duration.ofSeconds(2));
            assertThat(dead).hasSize(1);
            DeadLetter.Info info = DeadLetter.Info.readFrom(dead.get(0).headers());
            assertThat(info.reason()).isEqualTo("processing-error");
            assertThat(info.errorClass()).isEqualTo(IllegalStateException.class.getName());
            assertThat(new String(dead.get(0).key(), StandardCharsets.UTF_8)).isEqualTo(MODEL);

            try (LearnerApp restored =
                    Learners.start(cluster.learnerSettings("processing-error", root.resolve("state-final")))) {
                Map<String, ContinualModel> models =
                        StoredModels.awaitSteps(restored.streams(), List.of(MODEL), 3, Duration.ofSeconds(120));
                assertThat(models.get(MODEL).toBytes())
                        .as("restored state against offline training without the failed record")
                        .isEqualTo(offline.model().toBytes());
            }
            System.out.printf(
                    "processing-error crash IT: failing marker dead-lettered once (%s), learner SIGKILLed after it,"
                            + " restarted, 3 steps reported once, state bit-identical to offline%n",
                    info.errorClass());
        }
    }

    private static EmbeddingBatch train(OfflineReference offline, int step, int index) {
        EmbeddingBatch batch = SyntheticBatches.batch(
                MODEL, "s" + step + "-b" + index, Split.TRAIN, ROWS, WIDTH, 1000L * step + index);
        offline.train(batch);
        return batch;
    }

    private static Object marker(OfflineReference offline, long step) {
        offline.endStep();
        return SyntheticBatches.marker(MODEL, step);
    }

    private static void send(KafkaProducer<String, StreamRecord> producer, String topic, Object... payloads) {
        for (Object payload : payloads) {
            producer.send(new ProducerRecord<>(topic, MODEL, SyntheticBatches.wrap(payload)));
        }
        producer.flush();
    }
}
