package io.streambind.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streambind.io.FloatRows;
import io.streambind.io.PromptSet;
import java.util.Collections;
import org.junit.jupiter.api.Test;

class PromptSplitTest {
    private static PromptSet prompts(int classes, int width) {
        return new PromptSet(
                "VGGSound",
                "text",
                Collections.nCopies(classes, "class name"),
                new FloatRows(classes, width, new float[classes * width]));
    }

    @Test
    void classesOfAPartFitTheRecordLimit() {
        // 309 classes x 1024 floats = 1.27 MB: more than Kafka's default 1 MiB record.
        int perPart = BatchPublisher.classesPerPart(prompts(309, 1024), 1_048_576);
        assertThat(perPart).isLessThan(309);
        assertThat((long) perPart * 1024 * Float.BYTES).isLessThan(1_048_576 - BatchPublisher.RECORD_OVERHEAD_BYTES);
        assertThat(BatchPublisher.classesPerPart(prompts(50, 64), 1_048_576)).isGreaterThanOrEqualTo(50);
    }

    @Test
    void aClassThatCannotFitIsRefusedWithTheReason() {
        assertThatThrownBy(() -> BatchPublisher.classesPerPart(prompts(2, 1 << 20), 1_048_576))
                .hasMessageContaining("does not fit a record");
    }
}
