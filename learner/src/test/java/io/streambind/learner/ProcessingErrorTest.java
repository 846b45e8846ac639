package io.streambind.learner;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambind.avro.EmbeddingBatch;
import io.streambind.avro.Split;
import io.streambind.avro.StepReport;
import io.streambind.learner.metrics.LearnerMetrics;
import io.streambind.learner.process.StepEvaluator;
import io.streambind.schemas.topics.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A record that throws half-way through its handling (here a step end whose evaluation writes to the
 * store, then fails) is a dead letter with the exception's class and message; its writes, outputs and
 * in-memory changes are undone, and the records after it are handled as if it had never come.
 */
class ProcessingErrorTest {
    private static final String MODEL = "pe";

    @TempDir
    Path stateDir;

    /** Writes an evaluation history, then throws, the first time it evaluates step 1. */
    private static final class FailingOnce implements StepEvaluator {
        final List<String> historiesSeen = new ArrayList<>();
        private boolean failed;

        @Override
        public io.streambind.avro.StepEvaluation evaluate(
                io.streambind.learner.state.Manifest manifest,
                long step,
                List<io.streambind.core.eval.TaskPair> trained,
                io.streambind.core.model.ContinualModel model,
                io.streambind.learner.state.ModelStore store) {
            byte[] history = store.evaluationHistory(manifest.modelId);
            historiesSeen.add(history == null ? "none" : new String(history, StandardCharsets.UTF_8));
            if (step == 1 && !failed) {
                failed = true;
                store.putEvaluationHistory(
                        manifest.modelId, "written by the failed record".getBytes(StandardCharsets.UTF_8));
                throw new IllegalStateException("evaluation failed on purpose");
            }
            store.putEvaluationHistory(manifest.modelId, ("after step " + step).getBytes(StandardCharsets.UTF_8));
            return null;
        }
    }

    @Test
    void aRecordThatThrowsIsDeadLetteredAndUndoneAndTheNextRecordsTrain() {
        FailingOnce evaluator = new FailingOnce();
        OfflineReference offline = new OfflineReference();
        try (LearnerDriver learner = new LearnerDriver(stateDir, LearnerDriver.settings(2, 8), evaluator)) {
            train(learner, offline, 0, 0);
            train(learner, offline, 0, 1);
            closeStep(learner, offline, 0);
            train(learner, offline, 1, 0);
            train(learner, offline, 1, 1);
            byte[] failing = learner.encode(SyntheticBatches.marker(MODEL, 1));
            learner.sendRaw(MODEL.getBytes(StandardCharsets.UTF_8), failing);
            // the same step goes on: the model did not close it, so a batch still belongs to step 1
            train(learner, offline, 1, 2);
            closeStep(learner, offline, 1);
            train(learner, offline, 2, 0);
            closeStep(learner, offline, 2);

            List<TestRecord<byte[], byte[]>> dead = learner.deadLetters();
            assertThat(dead).hasSize(1);
            DeadLetter.Info info = DeadLetter.Info.readFrom(dead.get(0).headers());
            assertThat(info.reason()).isEqualTo("processing-error");
            assertThat(info.errorClass()).isEqualTo(IllegalStateException.class.getName());
            assertThat(new String(
                            dead.get(0)
                                    .headers()
                                    .lastHeader("streambind.dlq.detail")
                                    .value(),
                            StandardCharsets.UTF_8))
                    .contains("evaluation failed on purpose");
            assertThat(dead.get(0).value()).isEqualTo(failing);

            List<StepReport> reports = learner.reports();
            assertThat(reports).extracting(StepReport::getStep).containsExactly(0L, 1L, 2L);
            assertThat(reports.get(1).getPairs().get(0).getBatches())
                    .as("batches of step 1")
                    .isEqualTo(3);
            assertThat(evaluator.historiesSeen)
                    .as("what each evaluation found in the store")
                    .containsExactly("none", "after step 0", "after step 0", "after step 1");
            assertThat(learner.storedModel(MODEL).toBytes())
                    .isEqualTo(offline.model().toBytes());
            assertThat(learner.meters
                            .get(LearnerMetrics.DLQ_RECORDS)
                            .tag("reason", "processing-error")
                            .counter()
                            .count())
                    .isEqualTo(1.0);
        }
    }

    private static void train(LearnerDriver learner, OfflineReference offline, int step, int index) {
        EmbeddingBatch batch =
                SyntheticBatches.batch(MODEL, "s" + step + "-b" + index, Split.TRAIN, 8, 12, 100L * step + index);
        learner.send(MODEL, batch);
        offline.train(batch);
    }

    private static void closeStep(LearnerDriver learner, OfflineReference offline, long step) {
        learner.send(MODEL, SyntheticBatches.marker(MODEL, step));
        offline.endStep();
    }
}
