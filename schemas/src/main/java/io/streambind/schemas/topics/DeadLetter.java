package io.streambind.schemas.topics;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Header names and values of a dead letter: the original record's key and value bytes travel unchanged,
 * and these headers say why and where from. Values are UTF-8 text so console tools show them as-is.
 */
public final class DeadLetter {
    public static final String REASON = "streambind.dlq.reason";
    public static final String SOURCE_TOPIC = "streambind.dlq.source.topic";
    public static final String SOURCE_PARTITION = "streambind.dlq.source.partition";
    public static final String SOURCE_OFFSET = "streambind.dlq.source.offset";
    public static final String ERROR_CLASS = "streambind.dlq.error.class";

    /** What the headers of one dead letter say. {@code errorClass} is empty when no exception was involved. */
    public record Info(String reason, String sourceTopic, int sourcePartition, long sourceOffset, String errorClass) {

        /** Adds the five headers to {@code headers} (replacing earlier ones of the same names). */
        public void writeTo(Headers headers) {
            put(headers, REASON, reason);
            put(headers, SOURCE_TOPIC, sourceTopic);
            put(headers, SOURCE_PARTITION, Integer.toString(sourcePartition));
            put(headers, SOURCE_OFFSET, Long.toString(sourceOffset));
            put(headers, ERROR_CLASS, errorClass);
        }

        /** Reads the headers back; throws {@link IllegalArgumentException} naming the first missing header. */
        public static Info readFrom(Headers headers) {
            try {
                return new Info(
                        get(headers, REASON),
                        get(headers, SOURCE_TOPIC),
                        Integer.parseInt(get(headers, SOURCE_PARTITION)),
                        Long.parseLong(get(headers, SOURCE_OFFSET)),
                        get(headers, ERROR_CLASS));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "dead-letter partition/offset header is not a number: " + e.getMessage(), e);
            }
        }
    }

    private DeadLetter() {}

    /** A dead letter caused by {@code error}; the reason is the exception's message (its class name if none). */
    public static Info fromError(Throwable error, String sourceTopic, int sourcePartition, long sourceOffset) {
        String reason = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        return new Info(
                reason,
                sourceTopic,
                sourcePartition,
                sourceOffset,
                error.getClass().getName());
    }

    private static void put(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, (value == null ? "" : value).getBytes(StandardCharsets.UTF_8));
    }

    private static String get(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        if (header == null || header.value() == null) {
            throw new IllegalArgumentException("dead letter lacks header " + name);
        }
        return new String(header.value(), StandardCharsets.UTF_8);
    }
}
