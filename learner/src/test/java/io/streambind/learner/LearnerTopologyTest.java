package io.streambind.learner;

import static io.streambind.learner.SyntheticBatches.TEXT;
import static io.streambind.learner.SyntheticBatches.VISION;
import static io.streambind.learner.SyntheticBatches.batch;
import static io.streambind.learner.SyntheticBatches.marker;
import static org.assertj.core.api.Assertions.assertThat;

import io.streambind.avro.ClassPrompts;
import io.streambind.avro.EmbeddingBatch;
import io.streambind.avro.ModelSnapshotChunk;
import io.streambind.avro.Split;
import io.streambind.avro.StepReport;
import io.streambind.core.model.HeadsSnapshot;
import io.streambind.learner.process.StepEvaluator;
import io.streambind.learner.state.StoreNames;
import io.streambind.schemas.codec.FloatMatrix;
import io.streambind.schemas.topics.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every routing and error path of the learner topology, through the real wire serde, without a broker. */
class LearnerTopologyTest {
    private static final String MODEL = "m1";
    private static final int D = 8;
    private static final int N = 16;

    @TempDir
    Path stateDir;

    private LearnerDriver learner;

    @BeforeEach
    void start() {
        learner = new LearnerDriver(stateDir, LearnerDriver.settings(3, 8), StepEvaluator.NONE);
    }

    @AfterEach
    void stop() {
        learner.close();
    }

    private static EmbeddingBatch train(String id, long seed) {
        return batch(MODEL, id, Split.TRAIN, N, D, seed);
    }

    @Test
    void trainBatchesChangeTheWeightsExactlyAsOfflineTrainingAndTheMarkerReportsThem() {
        OfflineReference offline = new OfflineReference();
        for (int i = 0; i < 5; i++) {
            learner.send(MODEL, train("b" + i, i));
            offline.train(train("b" + i, i));
        }
        learner.send(MODEL, marker(MODEL, 0));
        offline.endStep();

        List<StepReport> reports = learner.reports();
        assertThat(reports).hasSize(1);
        StepReport report = reports.get(0);
        assertThat(report.getStep()).isZero();
        assertThat(report.getNoop()).isFalse();
        assertThat(report.getPairs()).singleElement().satisfies(pair -> {
            assertThat(pair.getBatches()).isEqualTo(5);
            assertThat(pair.getSamples()).isEqualTo(5L * N);
            assertThat(pair.getTasks()).containsExactly("task-a");
            assertThat(pair.getLossMean())
                    .isBetween(Math.min(pair.getLossFirst(), pair.getLossLast()) - 1, pair.getLossFirst() + 1);
        });
        assertThat(report.getSamplesSeen()).isEqualTo(5L * N);
        assertThat(report.getKeptRanks()).extracting(r -> r.getModality()).containsExactlyInAnyOrder(VISION, TEXT);

        List<ModelSnapshotChunk> chunks = learner.snapshotChunks();
        assertThat(chunks).allSatisfy(c -> {
            assertThat(c.getVersion()).isEqualTo(1);
            assertThat(c.getChunkCount()).isEqualTo(chunks.size());
            assertThat(c.getProvenance())
                    .contains("\"samplesSeen\":" + 5 * N)
                    .contains("dns.profile")
                    .contains("markerOffset");
        });
        HeadsSnapshot heads = LearnerDriver.heads(chunks);
        HeadsSnapshot expected = offline.model().heads();
        for (String modality : List.of(VISION, TEXT)) {
            float[] weights = heads.heads().get(modality).weights();
            assertThat(weights).containsExactly(expected.heads().get(modality).weights());
            assertThat(weights[1])
                    .as("off-diagonal of a trained head left identity")
                    .isNotZero();
        }
        assertThat(learner.deadLetters()).isEmpty();
    }

    @Test
    void testBatchesAreKeptForEvaluationAndNeverTrained() {
        learner.send(MODEL, batch(MODEL, "t0", Split.TEST, N, D, 7));
        learner.send(MODEL, marker(MODEL, 0));

        StepReport report = learner.reports().get(0);
        assertThat(report.getNoop()).isTrue();
        assertThat(report.getSamplesSeen()).isZero();
        KeyValueStore<String, byte[]> evalData = learner.driver.getKeyValueStore(StoreNames.EVAL_DATA);
        try (var all = evalData.all()) {
            assertThat(all.hasNext()).as("test pairs stored").isTrue();
        }
    }

    @Test
    void aMarkerWithNothingTrainedClosesANoopStep() {
        learner.send(MODEL, marker(MODEL, 0));
        learner.send(MODEL, marker(MODEL, 1));

        List<StepReport> reports = learner.reports();
        assertThat(reports).extracting(StepReport::getStep).containsExactly(0L, 1L);
        assertThat(reports).allSatisfy(r -> {
            assertThat(r.getNoop()).isTrue();
            assertThat(r.getPairs()).isEmpty();
        });
        assertThat(learner.snapshotChunks())
                .extracting(ModelSnapshotChunk::getVersion)
                .containsExactly(1L, 2L);
    }

    @Test
    void aMarkerForAnotherStepGoesToTheDlqWithItsReason() {
        learner.send(MODEL, marker(MODEL, 3));
        learner.send(MODEL, marker(MODEL, 0));

        TestRecord<byte[], byte[]> dead = learner.deadLetters().get(0);
        DeadLetter.Info info = DeadLetter.Info.readFrom(dead.headers());
        assertThat(info.reason()).isEqualTo("marker-step-mismatch");
        assertThat(info.sourceTopic()).isEqualTo(learner.topics.batches().name());
        assertThat(info.sourceOffset()).isZero();
        assertThat(new String(dead.headers().lastHeader("streambind.dlq.detail").value(), StandardCharsets.UTF_8))
                .contains("step 3")
                .contains("step 0");
        assertThat(dead.value()).isEqualTo(learner.encode(marker(MODEL, 3)));
        assertThat(learner.reports()).extracting(StepReport::getStep).containsExactly(0L);
        assertThat(learner.meters
                        .counter("streambind.dlq.records", "reason", "marker-step-mismatch")
                        .count())
                .isEqualTo(1);
    }

    @Test
    void aRepeatedBatchIdGoesToTheDlqAndIsTrainedOnce() {
        learner.send(MODEL, train("same", 1));
        learner.send(MODEL, train("same", 2));
        learner.send(MODEL, marker(MODEL, 0));

        assertThat(reasons()).containsExactly("duplicate-batch-id");
        assertThat(learner.reports().get(0).getPairs().get(0).getBatches()).isEqualTo(1);
        OfflineReference offline =
                new OfflineReference().train(train("same", 1)).endStep();
        assertThat(LearnerDriver.heads(learner.snapshotChunks())
                        .heads()
                        .get(VISION)
                        .weights())
                .containsExactly(offline.model().heads().heads().get(VISION).weights());
    }

    @Test
    void nonFiniteValuesGoToTheDlq() {
        float[] xa = FloatMatrix.toFloats(train("x", 1).getXa());
        xa[5] = Float.NaN;
        learner.send(
                MODEL,
                EmbeddingBatch.newBuilder(train("nan", 1))
                        .setXa(FloatMatrix.toBytes(xa))
                        .build());
        xa[5] = Float.POSITIVE_INFINITY;
        learner.send(
                MODEL,
                EmbeddingBatch.newBuilder(train("inf", 1))
                        .setXa(FloatMatrix.toBytes(xa))
                        .build());

        assertThat(reasons()).containsExactly("non-finite", "non-finite");
    }

    @Test
    void aWidthOtherThanTheHeadsGoesToTheDlq() {
        learner.send(MODEL, train("b0", 1));
        learner.send(MODEL, batch(MODEL, "b1", Split.TRAIN, N, D - 2, 2));

        assertThat(reasons()).containsExactly("width-mismatch");
    }

    @Test
    void garbageBytesAndAWrongMagicByteGoToTheDlqWithTheOriginalBytes() {
        byte[] garbage = {1, 2, 3};
        byte[] wrongMagic = learner.encode(train("b0", 1));
        wrongMagic[0] = 7;
        learner.sendRaw(MODEL.getBytes(StandardCharsets.UTF_8), garbage);
        learner.sendRaw(MODEL.getBytes(StandardCharsets.UTF_8), wrongMagic);
        learner.send(MODEL, train("b1", 1));
        learner.send(MODEL, marker(MODEL, 0));

        List<TestRecord<byte[], byte[]>> dead = learner.deadLetters();
        assertThat(dead)
                .extracting(r -> DeadLetter.Info.readFrom(r.headers()).reason())
                .containsExactly("decode-error", "decode-error");
        assertThat(dead.get(0).value()).isEqualTo(garbage);
        assertThat(dead.get(1).value()).isEqualTo(wrongMagic);
        assertThat(dead.get(1).key()).isEqualTo(MODEL.getBytes(StandardCharsets.UTF_8));
        assertThat(DeadLetter.Info.readFrom(dead.get(1).headers()).errorClass()).endsWith("UnknownMagicByteException");
        assertThat(learner.reports().get(0).getPairs().get(0).getBatches())
                .as("the app kept running")
                .isEqualTo(1);
    }

    @Test
    void aKeyOtherThanThePayloadsModelIdGoesToTheDlq() {
        learner.send("m2", train("b0", 1));

        assertThat(reasons()).containsExactly("key-model-mismatch");
    }

    @Test
    void splitBatchesAreReassembledBeforeTraining() {
        EmbeddingBatch whole = train("big", 3);
        List<EmbeddingBatch> parts = SyntheticBatches.parts(whole, 3);
        learner.send(MODEL, parts.get(2));
        learner.send(MODEL, parts.get(0));
        learner.send(MODEL, parts.get(1));
        learner.send(MODEL, marker(MODEL, 0));

        assertThat(learner.deadLetters()).isEmpty();
        assertThat(learner.reports().get(0).getPairs().get(0).getSamples()).isEqualTo(N);
        OfflineReference offline = new OfflineReference().train(whole).endStep();
        assertThat(LearnerDriver.heads(learner.snapshotChunks())
                        .heads()
                        .get(TEXT)
                        .weights())
                .containsExactly(offline.model().heads().heads().get(TEXT).weights());
    }

    @Test
    void partsStillMissingAtTheMarkerGoToTheDlq() {
        List<EmbeddingBatch> parts = SyntheticBatches.parts(train("big", 3), 2);
        learner.send(MODEL, parts.get(0));
        learner.send(MODEL, marker(MODEL, 0));

        assertThat(reasons()).containsExactly("incomplete-batch");
        assertThat(learner.reports().get(0).getNoop()).isTrue();
    }

    @Test
    void promptsBeforeTheirHeadExistsAreKeptButRaggedOrWrongWidthPromptsGoToTheDlq() {
        learner.send(MODEL, SyntheticBatches.prompts(MODEL, "audio", 3, D, 1));
        learner.send(MODEL, train("b0", 1));
        learner.send(MODEL, SyntheticBatches.prompts(MODEL, TEXT, 3, D + 1, 1));
        learner.send(
                MODEL,
                ClassPrompts.newBuilder(SyntheticBatches.prompts(MODEL, TEXT, 3, D, 1))
                        .setClassNames(List.of("only", "two"))
                        .build());

        assertThat(reasons()).containsExactly("width-mismatch", "empty-or-ragged");
    }

    private List<String> reasons() {
        return learner.deadLetters().stream()
                .map(r -> DeadLetter.Info.readFrom(r.headers()).reason())
                .toList();
    }
}
