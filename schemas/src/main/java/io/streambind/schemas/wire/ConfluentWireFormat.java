package io.streambind.schemas.wire;

/**
 * The Confluent Schema Registry framing: magic byte 0, the schema id as a 4-byte big-endian int,
 * then the Avro binary body. Readable by any Confluent-compatible consumer.
 */
public final class ConfluentWireFormat {
    public static final byte MAGIC_BYTE = 0;
    public static final int HEADER_BYTES = 5;

    private ConfluentWireFormat() {}

    /** Writes the 5-byte header at {@code offset}. */
    public static void writeHeader(byte[] target, int offset, int schemaId) {
        target[offset] = MAGIC_BYTE;
        target[offset + 1] = (byte) (schemaId >>> 24);
        target[offset + 2] = (byte) (schemaId >>> 16);
        target[offset + 3] = (byte) (schemaId >>> 8);
        target[offset + 4] = (byte) schemaId;
    }

    /** Checks size and magic byte, then returns the schema id. */
    public static int readSchemaId(byte[] record, DecodeLimits limits) {
        if (record.length > limits.maxRecordBytes()) {
            throw new RecordTooLargeException("record of " + record.length + " bytes exceeds "
                    + DecodeLimits.MAX_RECORD_BYTES_CONFIG + "=" + limits.maxRecordBytes());
        }
        if (record.length < HEADER_BYTES) {
            throw new TruncatedRecordException("record of " + record.length + " bytes is shorter than the "
                    + HEADER_BYTES + "-byte wire-format header");
        }
        if (record[0] != MAGIC_BYTE) {
            throw new UnknownMagicByteException("first byte is " + record[0] + ", expected magic byte " + MAGIC_BYTE
                    + " (not Confluent wire format)");
        }
        return ((record[1] & 0xff) << 24) | ((record[2] & 0xff) << 16) | ((record[3] & 0xff) << 8) | (record[4] & 0xff);
    }
}
