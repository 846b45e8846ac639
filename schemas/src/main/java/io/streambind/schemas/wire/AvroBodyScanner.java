package io.streambind.schemas.wire;

import org.apache.avro.Schema;

/**
 * Walks an Avro binary body along its writer schema without allocating, and checks every declared
 * length, count and index against the bytes that are really there and against {@link DecodeLimits}.
 *
 * <p>Avro's own decoder trusts declared lengths: a 5-byte body claiming a 2 GiB {@code bytes} field or
 * a billion-item array makes it allocate that much before noticing the input is short. Running this
 * scan first means the decoder only ever sees bodies whose declarations fit inside the record.
 */
final class AvroBodyScanner {
    private final byte[] data;
    private final int end;
    private final DecodeLimits limits;
    /** Field names from the root to the current value, for error messages only. */
    private final String[] path;

    private int pos;
    private int depth;

    private AvroBodyScanner(byte[] data, int offset, int end, DecodeLimits limits) {
        this.data = data;
        this.pos = offset;
        this.end = end;
        this.limits = limits;
        this.path = new String[limits.maxNestingDepth() + 1];
    }

    /** Throws a {@link WireFormatException} subtype unless {@code data[offset, offset+length)} is exactly one valid value of {@code writer}. */
    static void check(Schema writer, byte[] data, int offset, int length, DecodeLimits limits) {
        AvroBodyScanner scanner = new AvroBodyScanner(data, offset, offset + length, limits);
        scanner.value(writer);
        if (scanner.pos != scanner.end) {
            throw new MalformedAvroException((scanner.end - scanner.pos) + " bytes left over after the "
                    + writer.getFullName() + " value (wrong schema id?)");
        }
    }

    private void value(Schema schema) {
        switch (schema.getType()) {
            case NULL -> {}
            case BOOLEAN -> skip(1);
            case INT -> readInt();
            case LONG -> readLong();
            case FLOAT -> skip(4);
            case DOUBLE -> skip(8);
            case FIXED -> skip(schema.getFixedSize());
            case STRING, BYTES -> skipLengthPrefixed(schema.getType().getName());
            case ENUM -> index(readInt(), schema.getEnumSymbols().size(), "enum " + schema.getFullName());
            case UNION -> {
                int branch = index(readInt(), schema.getTypes().size(), "union");
                enter("[" + branch + "]");
                value(schema.getTypes().get(branch));
                depth--;
            }
            case RECORD -> {
                for (Schema.Field field : schema.getFields()) {
                    enter(field.name());
                    value(field.schema());
                    depth--;
                }
            }
            case ARRAY -> collection(schema.getElementType(), false);
            case MAP -> collection(schema.getValueType(), true);
        }
    }

    private void collection(Schema items, boolean isMap) {
        enter("[]");
        long total = 0;
        int minItemBytes = isMap ? 1 : minBytes(items);
        for (long count = readLong(); count != 0; count = readLong()) {
            if (count < 0) {
                // A negative count is followed by the block's size in bytes (lets readers skip blocks).
                count = count == Long.MIN_VALUE ? Long.MAX_VALUE : -count;
                long blockBytes = readLong();
                if (blockBytes < 0) {
                    throw malformed("negative block size " + blockBytes);
                }
            }
            total += count;
            if (total < 0 || total > limits.maxCollectionItems()) {
                throw new RecordTooLargeException(
                        "collection at " + where() + " declares " + (total < 0 ? "> 2^63" : total) + " items, limit "
                                + DecodeLimits.MAX_COLLECTION_ITEMS_CONFIG + "=" + limits.maxCollectionItems());
            }
            if (count > (end - pos) / Math.max(1, minItemBytes) && minItemBytes > 0) {
                throw truncated(count + " items of at least " + minItemBytes + " bytes");
            }
            for (long i = 0; i < count; i++) {
                if (isMap) {
                    skipLengthPrefixed("map key");
                }
                value(items);
            }
        }
        depth--;
    }

    /** A lower bound of the encoded size, used to reject impossible item counts before walking them. */
    private static int minBytes(Schema schema) {
        return switch (schema.getType()) {
            case NULL, RECORD -> 0;
            case FLOAT -> 4;
            case DOUBLE -> 8;
            case FIXED -> schema.getFixedSize();
            default -> 1;
        };
    }

    private void skipLengthPrefixed(String what) {
        long length = readLong();
        if (length < 0) {
            throw malformed("negative " + what + " length " + length);
        }
        if (length > end - pos) {
            throw truncated(what + " length " + length);
        }
        pos += (int) length;
    }

    private void skip(int bytes) {
        if (bytes > end - pos) {
            throw truncated(bytes + " bytes");
        }
        pos += bytes;
    }

    private int index(int index, int size, String what) {
        if (index < 0 || index >= size) {
            throw malformed(what + " index " + index + " outside [0, " + size + ")");
        }
        return index;
    }

    private void enter(String name) {
        if (depth + 1 >= path.length) {
            throw malformed(
                    "nesting deeper than " + DecodeLimits.MAX_NESTING_DEPTH_CONFIG + "=" + limits.maxNestingDepth());
        }
        path[++depth] = name;
    }

    private int readInt() {
        long value = readVarint(5);
        if (value != (int) value) {
            throw malformed("int varint out of range");
        }
        return (int) value;
    }

    private long readLong() {
        return readVarint(10);
    }

    /** Avro's zig-zag varint, at most {@code maxBytes} long. */
    private long readVarint(int maxBytes) {
        long raw = 0;
        for (int i = 0; i < maxBytes; i++) {
            if (pos >= end) {
                throw truncated("a varint");
            }
            int b = data[pos++] & 0xff;
            raw |= (long) (b & 0x7f) << (7 * i);
            if ((b & 0x80) == 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        throw malformed("varint longer than " + maxBytes + " bytes");
    }

    private TruncatedRecordException truncated(String needed) {
        return new TruncatedRecordException(
                "record ends early at " + where() + ": needs " + needed + " but only " + (end - pos) + " bytes remain");
    }

    private MalformedAvroException malformed(String problem) {
        return new MalformedAvroException("invalid Avro at " + where() + ": " + problem);
    }

    private String where() {
        StringBuilder sb = new StringBuilder("$");
        for (int i = 1; i <= depth; i++) {
            String name = path[i];
            sb.append(name.startsWith("[") ? "" : ".").append(name);
        }
        return sb + " (byte " + pos + ")";
    }
}
