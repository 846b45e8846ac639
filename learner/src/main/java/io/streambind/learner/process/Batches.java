package io.streambind.learner.process;

import io.streambind.avro.EmbeddingBatch;
import io.streambind.core.eval.TaskPair;
import io.streambind.core.model.BatchShape;
import io.streambind.schemas.codec.FloatMatrix;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Turns wire batches into what the core model takes, and joins the parts of a split batch. */
final class Batches {
    private Batches() {}

    static BatchShape shape(EmbeddingBatch batch) {
        return new BatchShape(
                batch.getModalityA(),
                FloatMatrix.toFloats(batch.getXa()),
                batch.getWidthA(),
                batch.getModalityB(),
                FloatMatrix.toFloats(batch.getXb()),
                batch.getWidthB(),
                batch.getRows());
    }

    /** "a-b", the pair tag of metrics. */
    static String pairTag(EmbeddingBatch batch) {
        return batch.getModalityA() + "-" + batch.getModalityB();
    }

    /** The task as evaluation keys it: dataset and modality pair. */
    static TaskPair taskPair(EmbeddingBatch batch) {
        return new TaskPair(batch.getTask(), batch.getModalityA(), batch.getModalityB());
    }

    /** The parts (in part order) as one batch with part 0 of 1. */
    static EmbeddingBatch join(List<EmbeddingBatch> parts) {
        EmbeddingBatch first = parts.get(0);
        if (parts.size() == 1) {
            return first;
        }
        ByteArrayOutputStream xa = new ByteArrayOutputStream();
        ByteArrayOutputStream xb = new ByteArrayOutputStream();
        List<Integer> labels = first.getLabels() == null ? null : new ArrayList<>();
        int rows = 0;
        for (EmbeddingBatch part : parts) {
            xa.writeBytes(bytes(part.getXa()));
            xb.writeBytes(bytes(part.getXb()));
            if (labels != null) {
                labels.addAll(part.getLabels());
            }
            rows += part.getRows();
        }
        return EmbeddingBatch.newBuilder(first)
                .setRows(rows)
                .setXa(ByteBuffer.wrap(xa.toByteArray()))
                .setXb(ByteBuffer.wrap(xb.toByteArray()))
                .setLabels(labels)
                .setPart(0)
                .setParts(1)
                .build();
    }

    /** The first {@code rows} rows of a batch (test pairs beyond the kept count are dropped). */
    static EmbeddingBatch head(EmbeddingBatch batch, int rows) {
        if (rows >= batch.getRows()) {
            return batch;
        }
        return EmbeddingBatch.newBuilder(batch)
                .setRows(rows)
                .setXa(slice(batch.getXa(), rows * batch.getWidthA()))
                .setXb(slice(batch.getXb(), rows * batch.getWidthB()))
                .setLabels(
                        batch.getLabels() == null
                                ? null
                                : new ArrayList<>(batch.getLabels().subList(0, rows)))
                .build();
    }

    private static ByteBuffer slice(ByteBuffer floats, int count) {
        ByteBuffer view = floats.duplicate();
        view.limit(view.position() + count * Float.BYTES);
        return ByteBuffer.wrap(bytes(view));
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
