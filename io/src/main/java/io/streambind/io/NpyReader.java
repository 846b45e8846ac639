package io.streambind.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/** Reads float32 matrices and vectors and integer label vectors from {@code .npy} files. */
public final class NpyReader {
    // Finite-value checks stream the file through this many bytes at a time, so a large file is never
    // held in memory just to be validated.
    private static final int SCAN_CHUNK_BYTES = 1 << 20;

    private NpyReader() {}

    /** A 2-D {@code <f4} array as rows. */
    public static FloatRows readMatrix(Path file) throws IOException {
        NpyHeader header = NpyHeader.read(file);
        requireFloat(file, header, 2);
        return new FloatRows(toInt(file, header.shape()[0]), toInt(file, header.shape()[1]), readFloats(file, header));
    }

    /** A 1-D {@code <f4} array. */
    public static float[] readVector(Path file) throws IOException {
        NpyHeader header = NpyHeader.read(file);
        requireFloat(file, header, 1);
        return readFloats(file, header);
    }

    /** A 1-D integer ({@code <i4} or {@code <i8}) array; values must fit an int. */
    public static int[] readLabels(Path file) throws IOException {
        NpyHeader header = NpyHeader.read(file);
        requireLabels(file, header);
        ByteBuffer bytes = readData(file, header);
        int[] labels = new int[toInt(file, header.elementCount())];
        for (int i = 0; i < labels.length; i++) {
            long value = header.dtype() == NpyDtype.INT32 ? bytes.getInt() : bytes.getLong();
            if (value != (int) value) {
                throw new NpyFormatException(file, "label " + value + " at index " + i + " does not fit an int");
            }
            labels[i] = (int) value;
        }
        return labels;
    }

    static void requireFloat(Path file, NpyHeader header, int rank) throws NpyFormatException {
        if (header.dtype() != NpyDtype.FLOAT32) {
            throw new NpyFormatException(file, "dtype " + header.dtype().descr() + ", expected <f4 (float32)");
        }
        if (header.rank() != rank) {
            throw new NpyFormatException(
                    file, "shape " + Arrays.toString(header.shape()) + ", expected " + rank + "-D");
        }
    }

    static void requireLabels(Path file, NpyHeader header) throws NpyFormatException {
        if (!header.dtype().isInteger()) {
            throw new NpyFormatException(file, "dtype " + header.dtype().descr() + ", labels must be <i4 or <i8");
        }
        if (header.rank() != 1) {
            throw new NpyFormatException(file, "shape " + Arrays.toString(header.shape()) + ", labels must be 1-D");
        }
    }

    /**
     * Index of the first NaN or infinite element of a float32 file, or -1; streams the data in chunks.
     */
    public static long firstNonFinite(Path file, NpyHeader header) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer chunk = ByteBuffer.allocate(SCAN_CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            long position = header.dataOffset();
            long end = position + header.dataBytes();
            long index = 0;
            while (position < end) {
                chunk.clear().limit((int) Math.min(SCAN_CHUNK_BYTES, end - position));
                readFully(channel, chunk, position);
                chunk.flip();
                position += chunk.limit();
                while (chunk.remaining() >= Float.BYTES) {
                    if (!Float.isFinite(chunk.getFloat())) {
                        return index;
                    }
                    index++;
                }
            }
            return -1;
        }
    }

    private static float[] readFloats(Path file, NpyHeader header) throws IOException {
        float[] values = new float[toInt(file, header.elementCount())];
        readData(file, header).asFloatBuffer().get(values);
        return values;
    }

    private static ByteBuffer readData(Path file, NpyHeader header) throws IOException {
        long size = header.dataBytes();
        if (size > Integer.MAX_VALUE - 8) {
            throw new NpyFormatException(file, "array of " + size + " bytes is too large to load at once");
        }
        ByteBuffer data = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            readFully(channel, data, header.dataOffset());
        }
        return data.flip();
    }

    private static void readFully(FileChannel channel, ByteBuffer target, long position) throws IOException {
        long at = position;
        while (target.hasRemaining()) {
            int read = channel.read(target, at);
            if (read < 0) {
                throw new IOException("unexpected end of file");
            }
            at += read;
        }
    }

    private static int toInt(Path file, long value) throws NpyFormatException {
        if (value > Integer.MAX_VALUE) {
            throw new NpyFormatException(file, "dimension " + value + " is too large");
        }
        return (int) value;
    }
}
