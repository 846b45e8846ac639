package io.streambind.learner.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambind.learner.LearnerConfig;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

class LearnerStoresTest {
    @Test
    void everyStoreIsChangeloggedWithTheGivenSegmentSize() {
        var builders = LearnerStores.builders(8 << 20);
        assertThat(builders).extracting(b -> b.name()).containsExactlyElementsOf(StoreNames.ALL);
        assertThat(builders).allSatisfy(b -> {
            assertThat(b.loggingEnabled()).isTrue();
            assertThat(b.logConfig()).containsEntry(TopicConfig.SEGMENT_BYTES_CONFIG, Integer.toString(8 << 20));
        });
    }

    @Test
    void theDefaultSegmentIsSmallerThanTheBrokers() {
        int segmentBytes = new LearnerConfig(Map.of()).changelogSegmentBytes();
        assertThat(segmentBytes)
                .isEqualTo(LearnerConfig.CHANGELOG_SEGMENT_BYTES_DEFAULT)
                .isEqualTo(64 << 20);
        assertThat(new LearnerConfig(Map.of(LearnerConfig.CHANGELOG_SEGMENT_BYTES, "16777216")).changelogSegmentBytes())
                .isEqualTo(16 << 20);
    }
}
