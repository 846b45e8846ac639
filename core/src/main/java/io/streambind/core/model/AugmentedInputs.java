package io.streambind.core.model;

import io.streambind.core.config.Normalization;
import io.streambind.core.math.Matrices;
import io.streambind.core.math.Workspace;
import java.nio.DoubleBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Row-major float32 inputs as the column-major X~ = [X | 1] (n x (d+1)) a head multiplies, in the model's
 * precision, each row scaled to unit length under l2 normalization.
 */
final class AugmentedInputs {
    private final boolean l2;
    private final DataType type;
    private final Workspace workspace;

    AugmentedInputs(Normalization normalization, DataType type, Workspace workspace) {
        this.l2 = normalization == Normalization.L2;
        this.type = type;
        this.workspace = workspace;
    }

    /**
     * X~ in the workspace buffer {@code name}, its float32 values kept in the head's staging array, where the
     * step sums take them from.
     */
    INDArray load(ModalityState s, float[] x, int n, String name) {
        int d = s.inputWidth;
        INDArray augmented = workspace.matrix(name, type, n, d + 1);
        float[] staging = s.staging(n * (d + 1));
        augment(x, n, d, staging);
        copyInto(augmented, staging);
        return augmented;
    }

    /** A new X~ holding the values {@link #load} would stage: serving threads each get their own. */
    INDArray copy(float[] x, int n, int d) {
        float[] columns = new float[n * (d + 1)];
        augment(x, n, d, columns);
        INDArray inputs = Nd4j.create(type, new long[] {n, d + 1}, 'f');
        copyInto(inputs, columns);
        return inputs;
    }

    /** One bulk copy for float32 (ND4J's setData copies element by element); a widening pass for float64. */
    private static void copyInto(INDArray target, float[] values) {
        if (target.dataType() == DataType.FLOAT) {
            Matrices.storage(target).put(0, values);
            return;
        }
        DoubleBuffer b = Matrices.doubleStorage(target);
        for (int i = 0; i < values.length; i++) {
            b.put(i, values[i]);
        }
    }

    private void augment(float[] x, int n, int d, float[] columns) {
        for (int i = 0; i < n; i++) {
            float scale = 1f;
            if (l2) {
                double norm = 0;
                for (int j = 0; j < d; j++) {
                    norm += (double) x[i * d + j] * x[i * d + j];
                }
                scale = norm > 0 ? (float) (1 / Math.sqrt(norm)) : 1f;
            }
            for (int j = 0; j < d; j++) {
                columns[j * n + i] = x[i * d + j] * scale;
            }
            columns[d * n + i] = 1f;
        }
    }
}
