package io.streambind.schemas.wire;

/** The first byte is not the Confluent wire-format magic byte 0. */
public final class UnknownMagicByteException extends WireFormatException {
    public UnknownMagicByteException(String message) {
        super(message);
    }
}
