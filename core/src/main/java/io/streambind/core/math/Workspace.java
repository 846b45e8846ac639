package io.streambind.core.math;

import java.util.HashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Named scratch matrices reused across calls: a buffer is reallocated only when its shape or type
 * changes (in practice when a batch size or a kept rank changes), so the per-batch path allocates
 * nothing. Contents are undefined on return; every user overwrites before reading.
 */
public final class Workspace {
    private final Map<String, INDArray> arrays = new HashMap<>();

    /** A column-major {@code rows x cols} matrix of {@code type} registered under {@code name}. */
    public INDArray matrix(String name, DataType type, long rows, long cols) {
        INDArray a = arrays.get(name);
        if (a == null || a.dataType() != type || a.rows() != rows || a.columns() != cols) {
            a = Nd4j.create(type, new long[] {rows, cols}, 'f');
            arrays.put(name, a);
        }
        return a;
    }
}
