package io.streambind.schemas.codec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Row-major float32 matrices as the little-endian bytes the Avro contracts carry. Bulk copies through
 * a {@link java.nio.FloatBuffer} view: no per-element boxing or loops in Java code.
 */
public final class FloatMatrix {
    private FloatMatrix() {}

    /** A new little-endian buffer holding {@code values[offset, offset+length)}, positioned at 0. */
    public static ByteBuffer toBytes(float[] values, int offset, int length) {
        ByteBuffer bytes =
                ByteBuffer.allocate(Math.multiplyExact(length, Float.BYTES)).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values, offset, length);
        return bytes;
    }

    public static ByteBuffer toBytes(float[] values) {
        return toBytes(values, 0, values.length);
    }

    /** The floats in {@code bytes} from its position to its limit; {@code bytes} itself is not moved. */
    public static float[] toFloats(ByteBuffer bytes) {
        if (bytes.remaining() % Float.BYTES != 0) {
            throw new IllegalArgumentException(bytes.remaining() + " bytes is not a whole number of float32 values");
        }
        float[] values = new float[bytes.remaining() / Float.BYTES];
        readInto(bytes, values, 0, values.length);
        return values;
    }

    /** The rows x width matrix in {@code bytes}, checking that the sizes agree. */
    public static float[] toFloats(ByteBuffer bytes, int rows, int width) {
        long expected = (long) rows * width * Float.BYTES;
        if (rows < 0 || width < 0 || bytes.remaining() != expected) {
            throw new IllegalArgumentException("matrix of " + rows + " x " + width + " float32 needs " + expected
                    + " bytes, got " + bytes.remaining());
        }
        return toFloats(bytes);
    }

    /** Copies {@code count} floats from {@code bytes} into {@code target[offset..]}, so a caller can reuse its array. */
    public static void readInto(ByteBuffer bytes, float[] target, int offset, int count) {
        bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(target, offset, count);
    }
}
