package io.streambind.learner.serve;

import io.streambind.core.model.ContinualModel;
import io.streambind.learner.process.Snapshots;
import io.streambind.learner.state.Manifest;
import io.streambind.learner.state.ModelStore;
import io.streambind.learner.state.StoreNames;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Models as this instance's stores hold them, read through interactive queries. Serving uses the
 * last snapshot in the store (every {@code learner.snapshot.interval.batches} batches and at every
 * step end), decoded once per snapshot and cached.
 */
final class ServedModels {
    private static final int READ_ATTEMPTS = 3;

    private final KafkaStreams streams;
    private final Map<String, Served> cache = new ConcurrentHashMap<>();

    /** A decoded snapshot and the manifest that described it. */
    record Served(Manifest manifest, ContinualModel model) {
    }

    ServedModels(KafkaStreams streams) {
        this.streams = streams;
    }

    List<Manifest> localManifests() throws HttpError {
        List<Manifest> manifests = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = store(StoreNames.MANIFESTS).all()) {
            it.forEachRemaining(kv -> manifests.add(Manifest.fromJson(kv.value)));
        }
        return manifests;
    }

    /** The model's last snapshot, or null when this instance holds no such model. */
    Served local(String modelId) throws HttpError {
        ReadOnlyKeyValueStore<String, byte[]> manifests = store(StoreNames.MANIFESTS);
        ReadOnlyKeyValueStore<String, byte[]> sections = store(StoreNames.SECTIONS);
        for (int attempt = 0; attempt < READ_ATTEMPTS; attempt++) {
            byte[] before = manifests.get(modelId);
            if (before == null) {
                return null;
            }
            Manifest manifest = Manifest.fromJson(before);
            long snapshotMark = snapshotMark(manifest);
            Served cached = cache.get(modelId);
            if (cached != null && snapshotMark(cached.manifest()) == snapshotMark && cached.manifest().step == manifest.step) {
                return cached;
            }
            Map<String, byte[]> snapshot = ModelStore.sections(sections, modelId);
            Manifest after = Manifest.fromJson(manifests.get(modelId));
            // Store reads are not atomic with the stream thread's writes: keep the sections only if
            // no snapshot was written while they were read.
            if (snapshotMark(after) == snapshotMark && after.step == manifest.step && !snapshot.isEmpty()) {
                Served served = new Served(manifest, Snapshots.restore(snapshot));
                cache.put(modelId, served);
                return served;
            }
        }
        throw new HttpError(503, "model '" + modelId + "' is being updated; retry");
    }

    /** Redo entries start after the snapshot, so this number changes exactly when a snapshot is written. */
    private static long snapshotMark(Manifest manifest) {
        return manifest.nextRedoSeq - manifest.redoEntries;
    }

    private ReadOnlyKeyValueStore<String, byte[]> store(String name) throws HttpError {
        try {
            return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.keyValueStore()));
        } catch (RuntimeException e) {
            throw new HttpError(503, "state stores are not queryable yet (" + streams.state() + ")");
        }
    }
}
