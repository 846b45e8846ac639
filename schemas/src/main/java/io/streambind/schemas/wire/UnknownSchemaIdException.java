package io.streambind.schemas.wire;

/** The schema id in the header is not known to the schema registry. */
public final class UnknownSchemaIdException extends WireFormatException {
    public UnknownSchemaIdException(String message) {
        super(message);
    }

    public UnknownSchemaIdException(String message, Throwable cause) {
        super(message, cause);
    }
}
