package io.streambind.learner.process;

import io.streambind.learner.metrics.LearnerMetrics;
import io.streambind.learner.state.SourcePosition;
import io.streambind.schemas.topics.DeadLetter;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Builds dead-letter records: the original key, value and headers, plus the {@link DeadLetter}
 * headers (reason tag, error class, source topic/partition/offset) and a readable detail, and
 * counts them by reason.
 */
final class DeadLetters {
    /** One sentence on what exactly was wrong; the reason header holds the short tag. */
    static final String DETAIL_HEADER = "streambind.dlq.detail";

    private final LearnerMetrics metrics;

    DeadLetters(LearnerMetrics metrics) {
        this.metrics = metrics;
    }

    Record<String, LearnerOutput> of(
            byte[] key,
            byte[] value,
            Headers originalHeaders,
            long timestamp,
            SourcePosition source,
            Rejection rejection) {
        Headers headers = new RecordHeaders(originalHeaders.toArray());
        new DeadLetter.Info(
                        rejection.reason(), source.topic(), source.partition(), source.offset(), rejection.errorClass())
                .writeTo(headers);
        headers.remove(DETAIL_HEADER);
        headers.add(DETAIL_HEADER, String.valueOf(rejection.getMessage()).getBytes(StandardCharsets.UTF_8));
        metrics.deadLetter(rejection.reason());
        return new Record<>(null, new LearnerOutput.DeadLetter(key, value), timestamp, headers);
    }
}
