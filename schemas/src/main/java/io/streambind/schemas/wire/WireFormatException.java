package io.streambind.schemas.wire;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A record's bytes cannot be decoded. Permanent for those bytes: retrying will not help, so consumers
 * route the record to the dead-letter topic. Extends Kafka's {@link SerializationException} so Kafka
 * clients and Kafka Streams' deserialization handlers recognise it.
 */
public class WireFormatException extends SerializationException {
    public WireFormatException(String message) {
        super(message);
    }

    public WireFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
