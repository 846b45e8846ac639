package io.streambind.learner.snapshot;

import io.streambind.avro.ModelSnapshotChunk;
import io.streambind.core.model.Chunks;
import io.streambind.core.model.HeadsSnapshot;
import io.streambind.schemas.topics.Topic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads one model version's chunks from {@code streambind.models} (committed records only) and joins them. */
public final class SnapshotFetcher {
    private SnapshotFetcher() {
    }

    /** A joined heads snapshot with the provenance JSON its chunks carry. */
    public record Fetched(HeadsSnapshot heads, String provenanceJson) {
    }

    public static Fetched fetch(Map<String, Object> clientConfig, Topic<String, ModelSnapshotChunk> models,
                                String modelId, long version, Duration timeout) {
        Map<String, Object> props = new HashMap<>(clientConfig);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        TreeMap<Integer, ModelSnapshotChunk> chunks = new TreeMap<>();
        try (KafkaConsumer<String, ModelSnapshotChunk> consumer =
                     new KafkaConsumer<>(props, models.keySerde().deserializer(), models.valueSerde().deserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(models.name()).forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline && !complete(chunks) && !reachedEnd(consumer, end)) {
                for (ConsumerRecord<String, ModelSnapshotChunk> record : consumer.poll(Duration.ofMillis(200))) {
                    ModelSnapshotChunk chunk = record.value();
                    if (chunk != null && chunk.getModelId().equals(modelId) && chunk.getVersion() == version) {
                        // A re-published version (after a restart) has the same bytes: the last copy wins.
                        chunks.put(chunk.getChunkIndex(), chunk);
                    }
                }
            }
        }
        if (!complete(chunks)) {
            throw new IllegalStateException("no complete snapshot of model '" + modelId + "' version " + version
                    + " on " + models.name() + " (found " + chunks.size() + " chunks)");
        }
        List<byte[]> data = new ArrayList<>();
        for (ModelSnapshotChunk chunk : chunks.values()) {
            ByteBuffer bytes = chunk.getData().duplicate();
            byte[] copy = new byte[bytes.remaining()];
            bytes.get(copy);
            data.add(copy);
        }
        return new Fetched(HeadsSnapshot.fromBytes(Chunks.join(data)), chunks.firstEntry().getValue().getProvenance());
    }

    private static boolean complete(TreeMap<Integer, ModelSnapshotChunk> chunks) {
        return !chunks.isEmpty() && chunks.size() == chunks.firstEntry().getValue().getChunkCount();
    }

    private static boolean reachedEnd(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> partition : end.entrySet()) {
            if (consumer.position(partition.getKey()) < partition.getValue()) {
                return false;
            }
        }
        return true;
    }
}
