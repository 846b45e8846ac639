package io.streambind.schemas.wire;

/** The Avro body is not valid for its writer schema (bad varint, union or enum index, trailing bytes, too deep). */
public final class MalformedAvroException extends WireFormatException {
    public MalformedAvroException(String message) {
        super(message);
    }

    public MalformedAvroException(String message, Throwable cause) {
        super(message, cause);
    }
}
