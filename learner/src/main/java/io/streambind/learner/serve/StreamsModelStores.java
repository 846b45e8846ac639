package io.streambind.learner.serve;

import io.streambind.learner.state.SnapshotWrites;
import io.streambind.learner.state.StoreNames;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** {@link ModelStores} of a running Kafka Streams instance, through interactive queries. */
final class StreamsModelStores implements ModelStores {
    private final KafkaStreams streams;
    private final SnapshotWrites snapshotWrites;

    StreamsModelStores(KafkaStreams streams, SnapshotWrites snapshotWrites) {
        this.streams = streams;
        this.snapshotWrites = snapshotWrites;
    }

    @Override
    public SnapshotWrites snapshotWrites() {
        return snapshotWrites;
    }

    @Override
    public ReadOnlyKeyValueStore<String, byte[]> store(String name) throws HttpError {
        try {
            return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.keyValueStore()));
        } catch (InvalidStateStoreException e) {
            throw new HttpError(503, "state stores are not queryable yet (" + streams.state() + ")");
        }
    }

    @Override
    public HostInfo activeHost(String modelId) throws HttpError {
        KeyQueryMetadata metadata = streams.queryMetadataForKey(
                StoreNames.MANIFESTS, modelId, Serdes.String().serializer());
        if (metadata == null || metadata.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
            throw new HttpError(503, "no instance holds model '" + modelId + "' right now (rebalancing?)");
        }
        return metadata.activeHost();
    }
}
