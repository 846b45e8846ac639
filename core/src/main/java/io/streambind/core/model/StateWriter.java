package io.streambind.core.model;

import io.streambind.core.math.Matrices;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Big-endian binary writer for the state codec; floats and doubles are written bit for bit. */
final class StateWriter {
    /** Rows of a transposed matrix staged at a time: 16 rows of d = 1024 floats stay in the L2 cache. */
    private static final int TRANSPOSE_ROWS = 16;

    private ByteBuffer buffer;

    StateWriter() {
        this(1024);
    }

    /** A writer whose first buffer holds {@code capacity} bytes: {@link #toBytes} copies nothing when they are exact. */
    StateWriter(int capacity) {
        buffer = ByteBuffer.allocate(capacity);
    }

    StateWriter int32(int v) {
        ensure(4).putInt(v);
        return this;
    }

    StateWriter int64(long v) {
        ensure(8).putLong(v);
        return this;
    }

    StateWriter bool(boolean v) {
        ensure(1).put((byte) (v ? 1 : 0));
        return this;
    }

    StateWriter string(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        int32(utf8.length);
        ensure(utf8.length).put(utf8);
        return this;
    }

    StateWriter bytes(byte[] b) {
        int32(b.length);
        ensure(b.length).put(b);
        return this;
    }

    StateWriter floats(float[] values) {
        int32(values.length);
        ByteBuffer b = ensure(4L * values.length);
        b.asFloatBuffer().put(values);
        b.position(b.position() + 4 * values.length);
        return this;
    }

    /** {@code count} floats of native storage from {@code offset} on, as {@link #floats(float[])} writes them. */
    StateWriter floats(FloatBuffer storage, int offset, int count) {
        int32(count);
        ByteBuffer b = ensure(4L * count);
        b.asFloatBuffer().put(storage.slice(offset, count));
        b.position(b.position() + 4 * count);
        return this;
    }

    /**
     * The leading {@code rows x cols} block of a column-major matrix of {@code rows} rows, in row-major
     * order, as {@link #floats(float[])} writes a row-major array. A few rows at a time are gathered in a
     * heap array so that neither side is read or written with a stride.
     */
    StateWriter rowMajor(FloatBuffer columnMajor, int rows, int cols) {
        int32(rows * cols);
        ByteBuffer b = ensure(4L * rows * cols);
        float[] block = new float[TRANSPOSE_ROWS * cols];
        for (int first = 0; first < rows; first += TRANSPOSE_ROWS) {
            int n = Math.min(TRANSPOSE_ROWS, rows - first);
            Matrices.copyRows(columnMajor, rows, cols, first, n, block);
            b.asFloatBuffer().put(block, 0, n * cols);
            b.position(b.position() + 4 * n * cols);
        }
        return this;
    }

    /** Bytes written by another writer, as they are (no length prefix). */
    StateWriter raw(byte[] bytes) {
        ensure(bytes.length).put(bytes);
        return this;
    }

    StateWriter doubles(double[] values) {
        int32(values.length);
        ByteBuffer b = ensure(8L * values.length);
        b.asDoubleBuffer().put(values);
        b.position(b.position() + 8 * values.length);
        return this;
    }

    /** Floats, or only their count when every value is +0.0f (Adam moments right after a step end). */
    StateWriter floatsOrZero(float[] values) {
        for (float v : values) {
            if (Float.floatToRawIntBits(v) != 0) {
                return bool(false).floats(values);
            }
        }
        return bool(true).int32(values.length);
    }

    /** {@link #floatsOrZero(float[])} of the first {@code count} floats of native storage. */
    StateWriter floatsOrZero(FloatBuffer storage, int count) {
        for (int i = 0; i < count; i++) {
            if (Float.floatToRawIntBits(storage.get(i)) != 0) {
                return bool(false).floats(storage, 0, count);
            }
        }
        return bool(true).int32(count);
    }

    /** A whole head-shaped array in its own type: float32 as {@link #floats(FloatBuffer, int, int)}, float64 as doubles. */
    StateWriter array(INDArray a) {
        if (a.dataType() == DataType.FLOAT) {
            return floats(Matrices.storage(a), 0, (int) a.length());
        }
        DoubleBuffer storage = Matrices.doubleStorage(a);
        int count = (int) a.length();
        int32(count);
        ByteBuffer b = ensure(8L * count);
        b.asDoubleBuffer().put(storage.slice(0, count));
        b.position(b.position() + 8 * count);
        return this;
    }

    /** {@link #array}, or only its length when every value is +0 (as {@link #floatsOrZero(FloatBuffer, int)}). */
    StateWriter arrayOrZero(INDArray a) {
        if (a.dataType() == DataType.FLOAT) {
            return floatsOrZero(Matrices.storage(a), (int) a.length());
        }
        DoubleBuffer storage = Matrices.doubleStorage(a);
        int count = (int) a.length();
        for (int i = 0; i < count; i++) {
            if (Double.doubleToRawLongBits(storage.get(i)) != 0) {
                return bool(false).array(a);
            }
        }
        return bool(true).int32(count);
    }

    /** A column-major dim x dim double matrix in its most compact bit-exact {@link SquareLayout}. */
    StateWriter square(double[] values, int dim) {
        SquareLayout layout = SquareLayout.of(values, dim);
        ensure(1).put((byte) layout.ordinal());
        switch (layout) {
            case ZERO -> {}
            case FULL -> doubles(values);
            case SYMMETRIC, UPPER -> {
                // as doubles() writes the upper triangle column by column, without gathering it in an array first
                int stored = (int) layout.storedValues(dim);
                int32(stored);
                ByteBuffer b = ensure(8L * stored);
                DoubleBuffer view = b.asDoubleBuffer();
                for (int c = 0; c < dim; c++) {
                    view.put(values, c * dim, c + 1);
                }
                b.position(b.position() + 8 * stored);
            }
        }
        return this;
    }

    byte[] toBytes() {
        if (buffer.position() == buffer.capacity()) {
            return buffer.array();
        }
        return Arrays.copyOf(buffer.array(), buffer.position());
    }

    private ByteBuffer ensure(long more) {
        long needed = buffer.position() + more;
        if (needed > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("state of " + needed + " bytes does not fit one array");
        }
        if (needed > buffer.capacity()) {
            long capacity = Math.max(needed, Math.min(Integer.MAX_VALUE - 8L, 2L * buffer.capacity()));
            ByteBuffer grown = ByteBuffer.allocate((int) capacity);
            buffer.flip();
            grown.put(buffer);
            buffer = grown;
        }
        return buffer;
    }
}
