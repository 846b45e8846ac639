package io.streambind.schemas.wire;

/** A matrix's declared rows x width disagrees with its byte length, or exceeds the configured limit. */
public final class MatrixShapeException extends WireFormatException {
    public MatrixShapeException(String message) {
        super(message);
    }
}
