package io.streambind.schemas.wire;

/** The bytes end before the record does, or a declared length runs past the end. */
public final class TruncatedRecordException extends WireFormatException {
    public TruncatedRecordException(String message) {
        super(message);
    }
}
