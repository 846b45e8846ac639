package io.streambind.learner;

import static io.streambind.learner.SyntheticBatches.batch;
import static io.streambind.learner.SyntheticBatches.marker;
import static org.assertj.core.api.Assertions.assertThat;

import io.streambind.avro.ModelSnapshotChunk;
import io.streambind.avro.Split;
import io.streambind.core.model.ContinualModel;
import io.streambind.learner.process.ProcessingSettings;
import io.streambind.learner.process.StepEvaluator;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store alone must be enough to rebuild a model: with room for one hot model, two models that
 * take turns are rebuilt from snapshot sections + redo log on every record, and must end bit-exact
 * equal to uninterrupted offline training.
 */
class ModelRebuildTest {
    @TempDir
    Path stateDir;

    @Test
    void modelsRebuiltFromSnapshotAndRedoLogTrainExactlyAsUninterruptedOnes() {
        ProcessingSettings oneHotModel = LearnerDriver.settings(3, 1);
        OfflineReference offlineA = new OfflineReference();
        OfflineReference offlineB = new OfflineReference();
        try (LearnerDriver learner = new LearnerDriver(stateDir, oneHotModel, StepEvaluator.NONE)) {
            for (int step = 0; step < 2; step++) {
                for (int i = 0; i < 7; i++) {
                    String id = "s" + step + "b" + i;
                    learner.send("a", batch("a", id, Split.TRAIN, 12, 6, 100L * step + i));
                    offlineA.train(batch("a", id, Split.TRAIN, 12, 6, 100L * step + i));
                    learner.send("b", batch("b", id, Split.TRAIN, 12, 6, 1000L + 100L * step + i));
                    offlineB.train(batch("b", id, Split.TRAIN, 12, 6, 1000L + 100L * step + i));
                }
                learner.send("a", marker("a", step));
                learner.send("b", marker("b", step));
                offlineA.endStep();
                offlineB.endStep();
            }
            List<ModelSnapshotChunk> chunks = learner.snapshotChunks();
            assertSameHeads(chunks, "a", offlineA.model());
            assertSameHeads(chunks, "b", offlineB.model());
            assertThat(learner.deadLetters()).isEmpty();
        }
    }

    private static void assertSameHeads(List<ModelSnapshotChunk> chunks, String modelId, ContinualModel expected) {
        List<ModelSnapshotChunk> last = chunks.stream()
                .filter(c -> c.getModelId().equals(modelId) && c.getVersion() == 2)
                .toList();
        var heads = LearnerDriver.heads(last).heads();
        for (String modality : expected.modalities()) {
            assertThat(heads.get(modality).weights()).containsExactly(expected.weights(modality));
            assertThat(heads.get(modality).bias()).containsExactly(expected.bias(modality));
        }
    }
}
