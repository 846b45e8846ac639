package io.streambind.schemas.topics;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Utils;

/** Where the default partitioner puts a model's records: the batches topic is keyed by model id. */
public final class ModelKeys {
    private ModelKeys() {}

    /** The partition of {@code modelId}'s records among {@code partitions}, as the producer's default partitioner picks it. */
    public static int partition(String modelId, int partitions) {
        return Utils.toPositive(Utils.murmur2(modelId.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** One model id per partition ({@code prefix} followed by a number), in partition-finding order. */
    public static List<String> onDistinctPartitions(String prefix, int partitions) {
        List<String> models = new ArrayList<>();
        for (int i = 0; models.size() < partitions; i++) {
            String id = prefix + i;
            if (models.stream().noneMatch(m -> partition(m, partitions) == partition(id, partitions))) {
                models.add(id);
            }
        }
        return models;
    }
}
