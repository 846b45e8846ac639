package io.streambind.core.math;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Views on column-major matrices that stay contiguous, so BLAS and element-wise ops use them in place. */
public final class Matrices {
    private Matrices() {}

    /** The first {@code cols} columns of a column-major matrix: for a head W~ = [W | b], the W part. */
    public static INDArray leadingColumns(INDArray fOrder, long cols) {
        requireColumnMajor(fOrder);
        return fOrder.get(NDArrayIndex.all(), NDArrayIndex.interval(0, cols));
    }

    /** The native storage of a whole (non-view) float32 array, indexed in storage order. */
    public static FloatBuffer storage(INDArray a) {
        if (a.isView() || a.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException("expected a float32 array that owns its storage");
        }
        return a.data().asNioFloat();
    }

    /** The native storage of a whole (non-view) float64 array, indexed in storage order. */
    public static DoubleBuffer doubleStorage(INDArray a) {
        if (a.isView() || a.dataType() != DataType.DOUBLE) {
            throw new IllegalArgumentException("expected a float64 array that owns its storage");
        }
        return a.data().asNioDouble();
    }

    /** The array itself when it is float32, otherwise a float32 copy: what is published and served is float32. */
    public static INDArray float32(INDArray a) {
        return a.dataType() == DataType.FLOAT ? a : a.castTo(DataType.FLOAT).dup('f');
    }

    /**
     * The values of a column-major matrix (owning its storage) in row-major order: one bulk copy out of
     * native memory per column and a transposition in Java, where {@code dup('c').data().asFloat()} made two
     * element-wise passes through ND4J (about 10 ms against 2 ms for 1000 x 1024 here).
     */
    public static float[] rowMajor(INDArray fOrder) {
        return rowMajor(fOrder, (int) fOrder.columns());
    }

    /** {@link #rowMajor(INDArray)} of the first {@code cols} columns: for a head W~ = [W | b], W. */
    public static float[] rowMajor(INDArray fOrder, int cols) {
        requireColumnMajor(fOrder);
        int rows = (int) fOrder.rows();
        float[] out = new float[rows * cols];
        copyRows(storage(float32(fOrder)), rows, cols, 0, rows, out);
        return out;
    }

    /**
     * Rows {@code first .. first + count - 1} of the first {@code cols} columns of a column-major matrix of
     * {@code rows} rows, written row-major into {@code out}: each column's piece is read with one bulk copy.
     */
    public static void copyRows(FloatBuffer columnMajor, int rows, int cols, int first, int count, float[] out) {
        float[] column = new float[count];
        for (int c = 0; c < cols; c++) {
            columnMajor.get(c * rows + first, column, 0, count);
            for (int r = 0; r < count; r++) {
                out[r * cols + c] = column[r];
            }
        }
    }

    /** Euclidean norm of all elements of a contiguous array, through BLAS nrm2 (ND4J's norm2 is ~40x slower here). */
    public static double norm(INDArray a) {
        INDArray flat = a.reshape(a.ordering(), new long[] {a.length()});
        return Nd4j.getBlasWrapper().level1().nrm2(flat);
    }

    private static void requireColumnMajor(INDArray a) {
        if (a.ordering() != 'f' || a.rank() != 2) {
            throw new IllegalArgumentException("expected a column-major matrix, got order " + a.ordering());
        }
    }
}
