package io.streambind.schemas.wire;

/** The record is larger than the configured decode limit. */
public final class RecordTooLargeException extends WireFormatException {
    public RecordTooLargeException(String message) {
        super(message);
    }
}
