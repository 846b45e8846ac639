package io.streambind.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes {@code .npy} files byte-identical to {@code numpy.save} for C-order little-endian arrays.
 * Always format 1.0: a plain dtype and shape never outgrow its 16-bit header length.
 */
public final class NpyWriter {
    // numpy pads header + preamble to a multiple of 64 bytes so the data is aligned.
    private static final int ALIGNMENT = 64;
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;
    private static final int WRITE_CHUNK_ELEMENTS = 1 << 18;

    private NpyWriter() {}

    public static void writeMatrix(Path file, FloatRows matrix) throws IOException {
        writeFloats(file, matrix.data(), matrix.rows(), matrix.cols());
    }

    public static void writeVector(Path file, float[] values) throws IOException {
        writeFloats(file, values, values.length);
    }

    /** Writes {@code values} with the given shape as {@code <f4}. */
    public static void writeFloats(Path file, float[] values, long... shape) throws IOException {
        checkShape(values.length, shape);
        try (FileChannel channel = open(file)) {
            writeHeader(channel, NpyDtype.FLOAT32, shape);
            ByteBuffer buffer = ByteBuffer.allocate(Math.min(values.length, WRITE_CHUNK_ELEMENTS) * Float.BYTES)
                    .order(ByteOrder.LITTLE_ENDIAN);
            for (int start = 0; start < values.length; start += WRITE_CHUNK_ELEMENTS) {
                int count = Math.min(WRITE_CHUNK_ELEMENTS, values.length - start);
                buffer.clear();
                buffer.asFloatBuffer().put(values, start, count);
                buffer.limit(count * Float.BYTES);
                writeFully(channel, buffer);
            }
        }
    }

    /** Writes a 1-D {@code <i4} label vector. */
    public static void writeLabels(Path file, int[] labels) throws IOException {
        try (FileChannel channel = open(file)) {
            writeHeader(channel, NpyDtype.INT32, labels.length);
            ByteBuffer buffer =
                    ByteBuffer.allocate(labels.length * Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            buffer.asIntBuffer().put(labels);
            writeFully(channel, buffer);
        }
    }

    static byte[] header(NpyDtype dtype, long... shape) {
        StringBuilder dims = new StringBuilder();
        for (int i = 0; i < shape.length; i++) {
            dims.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        if (shape.length == 1) {
            dims.append(',');
        }
        String dict = "{'descr': '" + dtype.descr() + "', 'fortran_order': False, 'shape': (" + dims + "), }"
                + growthSpace(shape);
        int preamble = NpyHeader.MAGIC.length + 2 + Short.BYTES;
        int unpadded = preamble + dict.length() + 1;
        int padded = unpadded + ALIGNMENT - unpadded % ALIGNMENT;
        int headerLength = padded - preamble;
        ByteBuffer out = ByteBuffer.allocate(padded).order(ByteOrder.LITTLE_ENDIAN);
        out.put(NpyHeader.MAGIC).put((byte) 1).put((byte) 0).putShort((short) headerLength);
        out.put(dict.getBytes(StandardCharsets.US_ASCII));
        while (out.position() < padded - 1) {
            out.put((byte) ' ');
        }
        out.put((byte) '\n');
        return out.array();
    }

    // numpy leaves room for the first dimension to grow to GROWTH_AXIS_MAX_DIGITS digits in place.
    private static String growthSpace(long... shape) {
        return shape.length == 0
                ? ""
                : " "
                        .repeat(Math.max(
                                0,
                                GROWTH_AXIS_MAX_DIGITS - Long.toString(shape[0]).length()));
    }

    private static void writeHeader(FileChannel channel, NpyDtype dtype, long... shape) throws IOException {
        writeFully(channel, ByteBuffer.wrap(header(dtype, shape)));
    }

    private static void checkShape(int length, long... shape) {
        long count = 1;
        for (long dim : shape) {
            count *= dim;
        }
        if (count != length) {
            throw new IllegalArgumentException("shape holds " + count + " elements, data has " + length);
        }
    }

    private static FileChannel open(Path file) throws IOException {
        return FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }
}
