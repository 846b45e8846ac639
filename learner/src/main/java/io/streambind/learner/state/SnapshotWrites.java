package io.streambind.learner.state;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A sequence count per model, odd while the stream thread applies a snapshot to the stores: serving
 * threads read a model's manifest and sections between two looks at it, and keep what they read only
 * if the count was even and did not change (a seqlock). The stores alone cannot tell them: a snapshot
 * spans many entries of two stores, which another thread can see half written.
 */
public final class SnapshotWrites {
    private final ConcurrentHashMap<String, AtomicLong> counts = new ConcurrentHashMap<>();

    /** The model's count now; compare with {@link #unchanged} after reading. */
    public long count(String modelId) {
        AtomicLong count = counts.get(modelId);
        return count == null ? 0 : count.get();
    }

    /** Whether a read that started at {@code before} saw no write: none in progress then, none since. */
    public boolean unchanged(String modelId, long before) {
        return (before & 1) == 0 && count(modelId) == before;
    }

    void begin(Set<String> modelIds) {
        modelIds.forEach(id -> counts.computeIfAbsent(id, k -> new AtomicLong()).incrementAndGet());
    }

    void end(Set<String> modelIds) {
        modelIds.forEach(id -> counts.get(id).incrementAndGet());
    }
}
