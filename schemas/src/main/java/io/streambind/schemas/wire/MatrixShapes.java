package io.streambind.schemas.wire;

import io.streambind.avro.ClassPrompts;
import io.streambind.avro.EmbeddingBatch;
import io.streambind.avro.StreamRecord;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Checks that every float32 matrix in a {@link StreamRecord} holds exactly rows x width x 4 bytes and
 * stays within {@link DecodeLimits#maxMatrixElements()}, so a consumer can size its arrays from the
 * declared shape without trusting it blindly.
 */
public final class MatrixShapes implements RecordCheck<StreamRecord> {
    public static final MatrixShapes INSTANCE = new MatrixShapes();

    private MatrixShapes() {}

    @Override
    public void check(StreamRecord record, DecodeLimits limits) {
        Object payload = record.getPayload();
        if (payload instanceof EmbeddingBatch batch) {
            checkMatrix("xa", batch.getXa(), batch.getRows(), batch.getWidthA(), limits);
            checkMatrix("xb", batch.getXb(), batch.getRows(), batch.getWidthB(), limits);
            List<Integer> labels = batch.getLabels();
            if (labels != null && labels.size() != batch.getRows()) {
                throw new MatrixShapeException(
                        "labels has " + labels.size() + " entries for " + batch.getRows() + " rows");
            }
        } else if (payload instanceof ClassPrompts prompts) {
            checkMatrix(
                    "embeddings",
                    prompts.getEmbeddings(),
                    prompts.getClassNames().size(),
                    prompts.getWidth(),
                    limits);
        }
    }

    private static void checkMatrix(String name, ByteBuffer bytes, int rows, int width, DecodeLimits limits) {
        if (rows < 0 || width < 0) {
            throw new MatrixShapeException(name + " declares negative shape " + rows + " x " + width);
        }
        long elements = (long) rows * width;
        if (elements > limits.maxMatrixElements()) {
            throw new MatrixShapeException(name + " declares " + rows + " x " + width + " = " + elements
                    + " elements, limit " + DecodeLimits.MAX_MATRIX_ELEMENTS_CONFIG + "=" + limits.maxMatrixElements());
        }
        if (bytes.remaining() != elements * Float.BYTES) {
            throw new MatrixShapeException(name + " holds " + bytes.remaining() + " bytes but " + rows + " x " + width
                    + " float32 needs " + elements * Float.BYTES);
        }
    }
}
