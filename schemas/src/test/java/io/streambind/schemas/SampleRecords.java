package io.streambind.schemas;

import io.streambind.avro.ClassPrompts;
import io.streambind.avro.EmbeddingBatch;
import io.streambind.avro.ModalityRanks;
import io.streambind.avro.ModelSnapshotChunk;
import io.streambind.avro.PairSummary;
import io.streambind.avro.Split;
import io.streambind.avro.StepAction;
import io.streambind.avro.StepEvaluation;
import io.streambind.avro.StepMarker;
import io.streambind.avro.StepReport;
import io.streambind.avro.StreamRecord;
import io.streambind.avro.TaskMetrics;
import io.streambind.schemas.codec.FloatMatrix;
import io.streambind.schemas.codec.IntLabels;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;

/** One realistic record of every contract type, for round-trip tests. */
public final class SampleRecords {
    private SampleRecords() {}

    public static float[] randomFloats(int count, long seed) {
        Random random = new Random(seed);
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }

    public static EmbeddingBatch batch(int rows, int widthA, int widthB, boolean withLabels) {
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++) {
            labels[i] = i % 7;
        }
        return EmbeddingBatch.newBuilder()
                .setModelId("m1")
                .setBatchId("b-" + rows)
                .setTask("UCF101")
                .setSplit(Split.TEST)
                .setModalityA("video")
                .setModalityB("text")
                .setWidthA(widthA)
                .setWidthB(widthB)
                .setRows(rows)
                .setXa(FloatMatrix.toBytes(randomFloats(rows * widthA, 1)))
                .setXb(FloatMatrix.toBytes(randomFloats(rows * widthB, 2)))
                .setLabels(withLabels ? IntLabels.toList(labels) : null)
                .setPart(0)
                .setParts(1)
                .setProducedAtMillis(1_700_000_000_000L)
                .build();
    }

    public static StreamRecord batchRecord(int rows, int widthA, int widthB) {
        return new StreamRecord(batch(rows, widthA, widthB, true));
    }

    public static StreamRecord markerRecord() {
        return new StreamRecord(StepMarker.newBuilder()
                .setModelId("m1")
                .setStep(3)
                .setAction(StepAction.END)
                .setIssuedBy("test")
                .setIssuedAtMillis(1_700_000_000_001L)
                .build());
    }

    public static StreamRecord promptsRecord() {
        return new StreamRecord(ClassPrompts.newBuilder()
                .setModelId("m1")
                .setTask("UCF101")
                .setModality("text")
                .setWidth(4)
                .setClassNames(List.of("archery", "bowling", "surfing"))
                .setEmbeddings(FloatMatrix.toBytes(randomFloats(12, 3)))
                .setProducedAtMillis(1_700_000_000_002L)
                .build());
    }

    public static StepReport report() {
        PairSummary pair = PairSummary.newBuilder()
                .setModalityA("video")
                .setModalityB("text")
                .setTasks(List.of("UCF101"))
                .setBatches(10)
                .setSamples(640)
                .setLossFirst(4.1)
                .setLossLast(2.2)
                .setLossMean(3.0)
                .build();
        ModalityRanks ranks = ModalityRanks.newBuilder()
                .setModality("video")
                .setRight(12)
                .setLeft(9)
                .setInputWidth(512)
                .build();
        TaskMetrics metrics = TaskMetrics.newBuilder()
                .setTask("UCF101")
                .setModalityA("video")
                .setModalityB("text")
                .setTestPairs(100)
                .setRecallAB(List.of(0.1, 0.4, 0.6))
                .setRecallBA(List.of(0.2, 0.5, 0.7))
                .setRecall(List.of(0.15, 0.45, 0.65))
                .setZeroShotAccuracy(0.33)
                .build();
        StepEvaluation evaluation = StepEvaluation.newBuilder()
                .setTasks(List.of(metrics))
                .setStabilityTask("UCF101")
                .setStabilityDeviation(0.01)
                .setBwtR10(-0.02)
                .setBwtAccuracy(null)
                .setMeanR10(0.65)
                .setMeanAccuracy(0.33)
                .build();
        return StepReport.newBuilder()
                .setModelId("m1")
                .setStep(3)
                .setNoop(false)
                .setPairs(List.of(pair))
                .setKeptRanks(List.of(ranks))
                .setSamplesSeen(640)
                .setStepEndMillis(12.5)
                .setEvaluation(evaluation)
                .setClosedAtMillis(1_700_000_000_003L)
                .build();
    }

    public static ModelSnapshotChunk chunk() {
        return ModelSnapshotChunk.newBuilder()
                .setModelId("m1")
                .setVersion(3)
                .setChunkIndex(0)
                .setChunkCount(1)
                .setProvenance("{\"step\":3}")
                .setData(ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5}))
                .build();
    }
}
