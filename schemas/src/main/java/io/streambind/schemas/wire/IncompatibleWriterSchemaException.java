package io.streambind.schemas.wire;

/** The writer schema cannot be read with the consumer's schema (Avro schema resolution fails). */
public final class IncompatibleWriterSchemaException extends WireFormatException {
    public IncompatibleWriterSchemaException(String message) {
        super(message);
    }
}
