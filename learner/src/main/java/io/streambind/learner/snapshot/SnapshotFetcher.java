package io.streambind.learner.snapshot;

import io.streambind.avro.ModelSnapshotChunk;
import io.streambind.core.model.Chunks;
import io.streambind.core.model.HeadsSnapshot;
import io.streambind.schemas.topics.Topic;
import io.streambind.schemas.topics.TopicScan;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads one model version from {@code streambind.models} (committed records only): its chunks, joined,
 * and the heads it takes from earlier versions from those versions' chunks.
 */
public final class SnapshotFetcher {
    /** Partition metadata and end offsets: the consumer's default API timeout. */
    private static final Duration METADATA_TIMEOUT = Duration.ofMinutes(1);

    private SnapshotFetcher() {}

    /** A joined heads snapshot with the provenance JSON its chunks carry. */
    public record Fetched(HeadsSnapshot heads, String provenanceJson) {}

    public static Fetched fetch(
            Map<String, Object> clientConfig,
            Topic<String, ModelSnapshotChunk> models,
            String modelId,
            long version,
            Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<Long, TreeMap<Integer, ModelSnapshotChunk>> found =
                read(clientConfig, models, modelId, Set.of(version), deadline);
        TreeMap<Integer, ModelSnapshotChunk> chunks = found.get(version);
        HeadsSnapshot.Published published = HeadsSnapshot.decode(join(chunks));
        Set<Long> referred = new TreeSet<>();
        published.references().values().forEach(reference -> referred.add(reference.version()));
        Map<Long, HeadsSnapshot.Published> earlier = new HashMap<>();
        if (!referred.isEmpty()) {
            read(clientConfig, models, modelId, referred, deadline)
                    .forEach((v, parts) -> earlier.put(v, HeadsSnapshot.decode(join(parts))));
        }
        return new Fetched(
                published.resolve(earlier::get), chunks.firstEntry().getValue().getProvenance());
    }

    /** The chunks of each of {@code versions}, read from the beginning; fails unless every version is complete. */
    private static Map<Long, TreeMap<Integer, ModelSnapshotChunk>> read(
            Map<String, Object> clientConfig,
            Topic<String, ModelSnapshotChunk> models,
            String modelId,
            Set<Long> versions,
            long deadline) {
        Map<String, Object> props = new HashMap<>(clientConfig);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<Long, TreeMap<Integer, ModelSnapshotChunk>> found = new HashMap<>();
        try (KafkaConsumer<String, ModelSnapshotChunk> consumer =
                TopicScan.fromBeginning(props, models, METADATA_TIMEOUT)) {
            Map<TopicPartition, Long> end = TopicScan.endOffsets(consumer, METADATA_TIMEOUT);
            while (System.nanoTime() < deadline && !complete(found, versions) && !TopicScan.reachedEnd(consumer, end)) {
                for (ConsumerRecord<String, ModelSnapshotChunk> record : consumer.poll(Duration.ofMillis(200))) {
                    ModelSnapshotChunk chunk = record.value();
                    if (chunk != null && chunk.getModelId().equals(modelId) && versions.contains(chunk.getVersion())) {
                        // A re-published version (after a restart) has the same bytes: the last copy wins.
                        found.computeIfAbsent(chunk.getVersion(), v -> new TreeMap<>())
                                .put(chunk.getChunkIndex(), chunk);
                    }
                }
            }
        }
        for (long version : versions) {
            TreeMap<Integer, ModelSnapshotChunk> chunks = found.get(version);
            if (!complete(chunks)) {
                throw new IllegalStateException("no complete snapshot of model '" + modelId + "' version " + version
                        + " on " + models.name() + " (found " + (chunks == null ? 0 : chunks.size()) + " chunks)");
            }
        }
        return found;
    }

    private static byte[] join(TreeMap<Integer, ModelSnapshotChunk> chunks) {
        List<byte[]> data = new ArrayList<>();
        for (ModelSnapshotChunk chunk : chunks.values()) {
            ByteBuffer bytes = chunk.getData().duplicate();
            byte[] copy = new byte[bytes.remaining()];
            bytes.get(copy);
            data.add(copy);
        }
        return Chunks.join(data);
    }

    private static boolean complete(Map<Long, TreeMap<Integer, ModelSnapshotChunk>> found, Set<Long> versions) {
        return versions.stream().allMatch(v -> complete(found.get(v)));
    }

    private static boolean complete(TreeMap<Integer, ModelSnapshotChunk> chunks) {
        return chunks != null
                && !chunks.isEmpty()
                && chunks.size() == chunks.firstEntry().getValue().getChunkCount();
    }
}
