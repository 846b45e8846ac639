package io.streambind.core.model;

import io.streambind.core.math.Matrices;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Reader matching {@link StateWriter}; every read is bounds-checked and fails with a clear message. */
final class StateReader {
    private final ByteBuffer buffer;
    private final String what;
    private int version;

    StateReader(byte[] bytes, String what) {
        this.buffer = ByteBuffer.wrap(bytes);
        this.what = what;
    }

    /** Checks the magic number and the format version at the start of a blob. */
    StateReader expectHeader(int magic, int version) {
        return expectHeader(magic, version, version);
    }

    /** Checks the magic number and that the format version is one of {@code oldest..newest}. */
    StateReader expectHeader(int magic, int oldest, int newest) {
        if (buffer.remaining() < 8) {
            throw new StateFormatException(what + " is too short for a header (" + buffer.remaining() + " bytes)");
        }
        int found = buffer.getInt();
        if (found != magic) {
            throw new StateFormatException(String.format(
                    "%s does not start with the expected magic 0x%08x (found 0x%08x)", what, magic, found));
        }
        int foundVersion = buffer.getInt();
        if (foundVersion < oldest || foundVersion > newest) {
            throw new StateFormatException(what + " has format version " + foundVersion + "; this build reads version "
                    + (oldest == newest ? Integer.toString(newest) : oldest + " to " + newest));
        }
        version = foundVersion;
        return this;
    }

    /** The format version read by {@link #expectHeader}. */
    int version() {
        return version;
    }

    /** A float array whose length is a multiple of {@code width}, at most {@code maxRows} rows. */
    float[] floatsInBlocksOf(int width, int maxRows) {
        int start = buffer.position();
        int count = int32();
        buffer.position(start);
        if (count < 0 || count % width != 0 || count / width > maxRows) {
            throw new StateFormatException(
                    what + " holds " + count + " buffered values, not up to " + maxRows + " rows of width " + width);
        }
        return floats(count);
    }

    int int32() {
        need(4);
        return buffer.getInt();
    }

    long int64() {
        need(8);
        return buffer.getLong();
    }

    boolean bool() {
        need(1);
        byte b = buffer.get();
        if (b != 0 && b != 1) {
            throw new StateFormatException(what + " holds " + b + " where a flag (0 or 1) belongs");
        }
        return b == 1;
    }

    String string() {
        byte[] utf8 = new byte[length(1)];
        buffer.get(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }

    byte[] bytes() {
        byte[] b = new byte[length(1)];
        buffer.get(b);
        return b;
    }

    float[] floats(long expected) {
        float[] values = new float[length(4)];
        checkCount(values.length, expected);
        buffer.asFloatBuffer().get(values);
        buffer.position(buffer.position() + 4 * values.length);
        return values;
    }

    double[] doubles(long expected) {
        double[] values = new double[length(8)];
        checkCount(values.length, expected);
        buffer.asDoubleBuffer().get(values);
        buffer.position(buffer.position() + 8 * values.length);
        return values;
    }

    /** Reads {@link StateWriter#floatsOrZero}: {@code expected} values. */
    float[] floatsOrZero(long expected) {
        if (!bool()) {
            return floats(expected);
        }
        int count = int32();
        checkCount(count, expected);
        return new float[count];
    }

    /** Reads {@link StateWriter#array} into {@code target}, a whole array of the type that was written. */
    void arrayInto(INDArray target) {
        if (target.dataType() == DataType.FLOAT) {
            Matrices.storage(target).put(0, floats(target.length()));
        } else {
            Matrices.doubleStorage(target).put(0, doubles(target.length()));
        }
    }

    /** Reads {@link StateWriter#arrayOrZero} into {@code target}, which holds zeros. */
    void arrayOrZeroInto(INDArray target) {
        if (!bool()) {
            arrayInto(target);
            return;
        }
        checkCount(int32(), target.length());
    }

    /** Reads {@link StateWriter#square}: a column-major dim x dim double matrix. */
    double[] square(int dim) {
        need(1);
        int tag = buffer.get();
        if (tag < 0 || tag >= SquareLayout.values().length) {
            throw new StateFormatException(what + " holds matrix layout " + tag + ", not one of "
                    + java.util.Arrays.toString(SquareLayout.values()));
        }
        SquareLayout layout = SquareLayout.values()[tag];
        if (layout == SquareLayout.FULL) {
            return doubles((long) dim * dim);
        }
        double[] values = new double[dim * dim];
        if (layout == SquareLayout.ZERO) {
            return values;
        }
        double[] upper = doubles(layout.storedValues(dim));
        for (int c = 0, at = 0; c < dim; at += ++c) {
            System.arraycopy(upper, at, values, c * dim, c + 1);
            if (layout == SquareLayout.SYMMETRIC) {
                for (int r = 0; r < c; r++) {
                    values[r * dim + c] = upper[at + r]; // (c, r) mirrors (r, c)
                }
            }
        }
        return values;
    }

    /** Fails unless every byte was consumed. */
    void expectEnd() {
        if (buffer.hasRemaining()) {
            throw new StateFormatException(what + " has " + buffer.remaining() + " unexpected trailing bytes");
        }
    }

    StateFormatException invalid(String message) {
        return new StateFormatException(what + ": " + message);
    }

    private int length(int elementBytes) {
        int count = int32();
        if (count < 0 || (long) count * elementBytes > buffer.remaining()) {
            throw new StateFormatException(what + " is truncated or corrupt: a field claims " + count + " elements of "
                    + elementBytes + " bytes but only " + buffer.remaining() + " bytes remain");
        }
        return count;
    }

    private void checkCount(int found, long expected) {
        if (found != expected) {
            throw new StateFormatException(
                    what + " holds an array of " + found + " values where " + expected + " are expected");
        }
    }

    private void need(int bytes) {
        if (buffer.remaining() < bytes) {
            throw new StateFormatException(what + " is truncated at byte " + buffer.position());
        }
    }
}
