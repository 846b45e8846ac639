package io.streambind.learner;

import static io.streambind.learner.SyntheticBatches.TEXT;
import static io.streambind.learner.SyntheticBatches.VISION;
import static io.streambind.learner.SyntheticBatches.batch;
import static io.streambind.learner.SyntheticBatches.marker;
import static org.assertj.core.api.Assertions.assertThat;

import io.streambind.avro.EmbeddingBatch;
import io.streambind.avro.ModelSnapshotChunk;
import io.streambind.avro.Split;
import io.streambind.core.config.DnsConfig;
import io.streambind.core.model.HeadsSnapshot;
import io.streambind.learner.process.ProcessingSettings;
import io.streambind.learner.process.StepEvaluator;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What each version published to the models topic carries, and that it resolves to the model's heads. */
class PublishedHeadsTest {
    private static final String MODEL = "m1";
    private static final String AUDIO = "audio";
    private static final long HOUR = 3_600_000L;

    @TempDir
    Path stateDir;

    @Test
    void aVersionCarriesTheHeadsItsStepTrainedAndNamesTheVersionThatCarriesEachOther() {
        OfflineReference offline = new OfflineReference();
        List<ModelSnapshotChunk> chunks = twoSteps(LearnerConfig.HEADS_REFRESH_MS_DEFAULT, 0, offline);

        HeadsSnapshot.Published first = LearnerDriver.published(chunks, MODEL, 1);
        assertThat(first.carried().keySet()).containsExactly(TEXT, VISION);
        HeadsSnapshot.Published second = LearnerDriver.published(chunks, MODEL, 2);
        assertThat(second.carried().keySet()).containsExactly(AUDIO, TEXT);
        assertThat(second.references()).containsOnlyKeys(VISION);
        assertThat(second.references().get(VISION).version()).isEqualTo(1);
        assertThat(chunks.stream()
                        .filter(c -> c.getVersion() == 2)
                        .findFirst()
                        .orElseThrow()
                        .getProvenance())
                .contains("\"headsFrom\":{\"audio\":2,\"text\":2,\"vision\":1}");
        // resolved, version 2 is the model after both steps, head for head
        assertThat(LearnerDriver.resolved(chunks, MODEL, 2).toBytes())
                .isEqualTo(offline.model().heads().toBytes());
        // the unchanged head is not repeated
        assertThat(bytes(chunks, 2)).isLessThan(offline.model().heads().toBytes().length);
    }

    @Test
    void withoutARefreshIntervalEveryVersionCarriesEveryHead() {
        OfflineReference offline = new OfflineReference();
        List<ModelSnapshotChunk> chunks = twoSteps(0, 0, offline);

        HeadsSnapshot.Published second = LearnerDriver.published(chunks, MODEL, 2);
        assertThat(second.complete()).isTrue();
        assertThat(second.carried().keySet()).containsExactly(AUDIO, TEXT, VISION);
        assertThat(LearnerDriver.heads(
                                chunks.stream().filter(c -> c.getVersion() == 2).toList())
                        .toBytes())
                .isEqualTo(offline.model().heads().toBytes());
    }

    @Test
    void aHeadLastCarriedLongerAgoThanTheRefreshIntervalIsCarriedAgain() {
        List<ModelSnapshotChunk> chunks = twoSteps(HOUR, HOUR, new OfflineReference());

        assertThat(LearnerDriver.published(chunks, MODEL, 2).complete()).isTrue();
        // and from then on it counts from the version that carried it again
        assertThat(chunks.stream()
                        .filter(c -> c.getVersion() == 2)
                        .findFirst()
                        .orElseThrow()
                        .getProvenance())
                .contains("\"vision\":2");
    }

    /**
     * Step 0 trains vision-text, step 1 audio-text; the second marker comes {@code markerGap} ms after the
     * first. Returns every chunk published.
     */
    private List<ModelSnapshotChunk> twoSteps(long refreshMs, long markerGap, OfflineReference offline) {
        ProcessingSettings settings = LearnerDriver.settings(
                DnsConfig.defaults(),
                Map.of(
                        LearnerConfig.SNAPSHOT_INTERVAL_BATCHES,
                        "32",
                        LearnerConfig.HEADS_REFRESH_MS,
                        Long.toString(refreshMs)));
        long t0 = 1_700_000_000_000L;
        try (LearnerDriver learner = new LearnerDriver(stateDir, settings, StepEvaluator.NONE)) {
            for (int i = 0; i < 2; i++) {
                EmbeddingBatch batch = batch(MODEL, "a" + i, Split.TRAIN, 16, 8, i);
                learner.send(MODEL, batch, t0);
                offline.train(batch);
            }
            learner.send(MODEL, marker(MODEL, 0), t0);
            offline.endStep();
            for (int i = 0; i < 2; i++) {
                EmbeddingBatch batch = EmbeddingBatch.newBuilder(batch(MODEL, "b" + i, Split.TRAIN, 16, 8, 10 + i))
                        .setModalityA(AUDIO)
                        .build();
                learner.send(MODEL, batch, t0 + markerGap);
                offline.train(batch);
            }
            learner.send(MODEL, marker(MODEL, 1), t0 + markerGap);
            offline.endStep();
            assertThat(learner.deadLetters()).isEmpty();
            return learner.snapshotChunks();
        }
    }

    private static long bytes(List<ModelSnapshotChunk> chunks, long version) {
        return chunks.stream()
                .filter(c -> c.getVersion() == version)
                .mapToLong(c -> c.getData().remaining())
                .sum();
    }
}
