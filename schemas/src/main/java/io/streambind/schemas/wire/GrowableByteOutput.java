package io.streambind.schemas.wire;

import java.io.OutputStream;
import java.util.Arrays;

/** An unsynchronised, reusable byte sink: one per serializing thread, reset for every record. */
final class GrowableByteOutput extends OutputStream {
    private byte[] buffer = new byte[4096];
    private int size;

    void reset() {
        size = 0;
    }

    /** Appends the Confluent header; the Avro body follows. */
    void writeHeader(int schemaId) {
        ensure(ConfluentWireFormat.HEADER_BYTES);
        ConfluentWireFormat.writeHeader(buffer, size, schemaId);
        size += ConfluentWireFormat.HEADER_BYTES;
    }

    @Override
    public void write(int b) {
        ensure(1);
        buffer[size++] = (byte) b;
    }

    @Override
    public void write(byte[] source, int offset, int length) {
        ensure(length);
        System.arraycopy(source, offset, buffer, size, length);
        size += length;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }

    private void ensure(int extra) {
        if (size + extra > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + extra));
        }
    }
}
