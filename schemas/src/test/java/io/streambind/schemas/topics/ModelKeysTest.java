package io.streambind.schemas.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

class ModelKeysTest {
    @Test
    void partitionsAsTheProducersDefaultPartitionerAndSpreadsModelsOverThemAll() {
        for (String model : List.of("a", "model-7", "recovery-12")) {
            assertThat(ModelKeys.partition(model, 6))
                    .isEqualTo(BuiltInPartitioner.partitionForKey(model.getBytes(StandardCharsets.UTF_8), 6));
        }
        List<String> models = ModelKeys.onDistinctPartitions("m-", 4);
        assertThat(models).hasSize(4).allMatch(m -> m.startsWith("m-"));
        assertThat(models.stream().map(m -> ModelKeys.partition(m, 4)).distinct())
                .hasSize(4);
    }
}
