package io.streambind.learner.serve;

import io.streambind.core.model.ContinualModel;
import io.streambind.learner.process.Snapshots;
import io.streambind.learner.state.Manifest;
import io.streambind.learner.state.ModelStore;
import io.streambind.learner.state.SnapshotWrites;
import io.streambind.learner.state.StoreNames;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Models as this instance's stores hold them, read through interactive queries. Serving uses the
 * last snapshot in the store (every {@code learner.snapshot.interval.batches} batches and at every
 * step end), decoded once per snapshot and shared by the request threads ({@link ContinualModel#embed}
 * allows that). At most {@code learner.serve.max.models} decoded models are kept, the least recently
 * used dropped first; a model this instance no longer holds (moved by a rebalance) is dropped as soon
 * as a lookup, a listing or the next decode finds its manifest gone from the local store.
 */
final class ServedModels {
    /** Reads of one model before a 503: a snapshot write takes milliseconds, and one is written per many batches. */
    private static final int READ_ATTEMPTS = 50;

    private final ModelStores stores;
    private final int capacity;
    /** Access-ordered, so the eldest entry is the least recently used; guarded by itself. */
    private final LinkedHashMap<String, Served> cache = new LinkedHashMap<>(16, 0.75f, true);
    /** One decode at a time: concurrent misses on one snapshot decode it once, and memory stays bounded. */
    private final Object decoding = new Object();

    /** A decoded snapshot and the manifest that described it. */
    record Served(Manifest manifest, ContinualModel model) {}

    ServedModels(ModelStores stores, int capacity) {
        this.stores = stores;
        this.capacity = capacity;
    }

    List<Manifest> localManifests() throws HttpError {
        List<Manifest> manifests = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it =
                stores.store(StoreNames.MANIFESTS).all()) {
            it.forEachRemaining(kv -> manifests.add(Manifest.fromJson(kv.value)));
        }
        Set<String> held = new HashSet<>();
        manifests.forEach(m -> held.add(m.modelId));
        synchronized (cache) {
            cache.keySet().retainAll(held);
        }
        return manifests;
    }

    /** The model's last snapshot, or null when this instance holds no such model. */
    Served local(String modelId) throws HttpError {
        ReadOnlyKeyValueStore<String, byte[]> manifests = stores.store(StoreNames.MANIFESTS);
        ReadOnlyKeyValueStore<String, byte[]> sections = stores.store(StoreNames.SECTIONS);
        SnapshotWrites writes = stores.snapshotWrites();
        for (int attempt = 0; attempt < READ_ATTEMPTS; attempt++) {
            long writesBefore = writes.count(modelId);
            byte[] json = manifests.get(modelId);
            if (!writes.unchanged(modelId, writesBefore)) {
                pause();
                continue;
            }
            if (json == null) {
                forget(modelId);
                return null;
            }
            Manifest manifest = Manifest.fromJson(json);
            Served cached = cached(modelId, manifest);
            if (cached != null) {
                return cached;
            }
            synchronized (decoding) {
                cached = cached(modelId, manifest);
                if (cached != null) {
                    return cached;
                }
                Map<String, byte[]> snapshot = ModelStore.sections(sections, modelId);
                if (writes.unchanged(modelId, writesBefore) && !snapshot.isEmpty()) {
                    Served served = new Served(manifest, Snapshots.restore(snapshot));
                    keep(modelId, served, manifests);
                    return served;
                }
            }
            pause();
        }
        throw new HttpError(503, "model '" + modelId + "' is being updated; retry");
    }

    private static void pause() {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Model ids decoded now, least recently used first. */
    List<String> cachedIds() {
        synchronized (cache) {
            return new ArrayList<>(cache.keySet());
        }
    }

    private Served cached(String modelId, Manifest manifest) {
        synchronized (cache) {
            Served cached = cache.get(modelId);
            return cached != null && sameSnapshot(cached.manifest(), manifest) ? cached : null;
        }
    }

    private void forget(String modelId) {
        synchronized (cache) {
            cache.remove(modelId);
        }
    }

    /** Adds a decoded model, then drops models the store no longer holds and the least recently used beyond capacity. */
    private void keep(String modelId, Served served, ReadOnlyKeyValueStore<String, byte[]> manifests) {
        List<String> others;
        synchronized (cache) {
            cache.put(modelId, served);
            others = new ArrayList<>(cache.keySet());
        }
        others.remove(modelId);
        for (String other : others) {
            if (manifests.get(other) == null) {
                forget(other);
            }
        }
        synchronized (cache) {
            var eldest = cache.keySet().iterator();
            while (cache.size() > capacity) {
                eldest.next();
                eldest.remove();
            }
        }
    }

    private static boolean sameSnapshot(Manifest a, Manifest b) {
        return snapshotMark(a) == snapshotMark(b) && a.step == b.step;
    }

    /** Redo entries start after the snapshot, so this number changes exactly when a snapshot is written. */
    private static long snapshotMark(Manifest manifest) {
        return manifest.nextRedoSeq - manifest.redoEntries;
    }
}
