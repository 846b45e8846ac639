package io.streambind.learner;

import io.streambind.avro.ClassPrompts;
import io.streambind.avro.EmbeddingBatch;
import io.streambind.avro.Split;
import io.streambind.avro.StepAction;
import io.streambind.avro.StepMarker;
import io.streambind.avro.StreamRecord;
import io.streambind.schemas.codec.FloatMatrix;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Small deterministic records for the learner's tests: paired rows that share a hidden signal. */
public final class SyntheticBatches {
    public static final String VISION = "vision";
    public static final String TEXT = "text";

    private SyntheticBatches() {}

    /** n rows of width d per side; the b side is a noisy copy of the a side so there is something to align. */
    public static EmbeddingBatch batch(String modelId, String batchId, Split split, int n, int d, long seed) {
        Random random = new Random(seed);
        float[] xa = new float[n * d];
        float[] xb = new float[n * d];
        for (int i = 0; i < xa.length; i++) {
            xa[i] = (float) random.nextGaussian();
            xb[i] = xa[i] + 0.3f * (float) random.nextGaussian();
        }
        return EmbeddingBatch.newBuilder()
                .setModelId(modelId)
                .setBatchId(batchId)
                .setTask("task-a")
                .setSplit(split)
                .setModalityA(VISION)
                .setModalityB(TEXT)
                .setWidthA(d)
                .setWidthB(d)
                .setRows(n)
                .setXa(FloatMatrix.toBytes(xa))
                .setXb(FloatMatrix.toBytes(xb))
                .setLabels(null)
                .setPart(0)
                .setParts(1)
                .setProducedAtMillis(0L)
                .build();
    }

    /** The batch cut into {@code parts} consecutive row ranges. */
    public static List<EmbeddingBatch> parts(EmbeddingBatch batch, int parts) {
        float[] xa = FloatMatrix.toFloats(batch.getXa());
        float[] xb = FloatMatrix.toFloats(batch.getXb());
        int rowsPerPart = batch.getRows() / parts;
        List<EmbeddingBatch> pieces = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
            int from = p * rowsPerPart;
            int rows = p == parts - 1 ? batch.getRows() - from : rowsPerPart;
            pieces.add(EmbeddingBatch.newBuilder(batch)
                    .setRows(rows)
                    .setXa(FloatMatrix.toBytes(xa, from * batch.getWidthA(), rows * batch.getWidthA()))
                    .setXb(FloatMatrix.toBytes(xb, from * batch.getWidthB(), rows * batch.getWidthB()))
                    .setPart(p)
                    .setParts(parts)
                    .build());
        }
        return pieces;
    }

    public static StepMarker marker(String modelId, long step) {
        return StepMarker.newBuilder()
                .setModelId(modelId)
                .setStep(step)
                .setAction(StepAction.END)
                .setIssuedBy("test")
                .setIssuedAtMillis(0L)
                .build();
    }

    public static ClassPrompts prompts(String modelId, String modality, int classes, int d, long seed) {
        Random random = new Random(seed);
        float[] embeddings = new float[classes * d];
        List<String> names = new ArrayList<>();
        for (int i = 0; i < embeddings.length; i++) {
            embeddings[i] = (float) random.nextGaussian();
        }
        for (int c = 0; c < classes; c++) {
            names.add("class-" + c);
        }
        return ClassPrompts.newBuilder()
                .setModelId(modelId)
                .setTask("task-a")
                .setModality(modality)
                .setWidth(d)
                .setClassNames(names)
                .setEmbeddings(FloatMatrix.toBytes(embeddings))
                .setProducedAtMillis(0L)
                .build();
    }

    public static StreamRecord wrap(Object payload) {
        return StreamRecord.newBuilder().setPayload(payload).build();
    }
}
