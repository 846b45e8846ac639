package io.streambind.schemas.registry;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Schema ids the registry answered as unknown, each remembered for a fixed time. Entries are kept in
 * the order they were added, which with one time to live is also the order they expire in, so when
 * the bound is reached the one dropped is the one closest to expiring anyway.
 */
final class MissingIds {
    private final int capacity;
    private final long ttlNanos;
    private final LongSupplier nanoClock;
    private final Map<Integer, Long> expiryById;

    MissingIds(int capacity, Duration ttl) {
        this(capacity, ttl, System::nanoTime);
    }

    MissingIds(int capacity, Duration ttl, LongSupplier nanoClock) {
        this.capacity = capacity;
        this.ttlNanos = ttl.toNanos();
        this.nanoClock = nanoClock;
        this.expiryById = new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Integer, Long> eldest) {
                return size() > MissingIds.this.capacity;
            }
        };
    }

    /** Whether the registry answered {@code id} as unknown less than the time to live ago. */
    synchronized boolean contains(int id) {
        Long expiry = expiryById.get(id);
        if (expiry == null) {
            return false;
        }
        if (nanoClock.getAsLong() - expiry >= 0) {
            expiryById.remove(id);
            return false;
        }
        return true;
    }

    synchronized void add(int id) {
        if (capacity == 0 || ttlNanos == 0) {
            return;
        }
        expiryById.remove(id);
        expiryById.put(id, nanoClock.getAsLong() + ttlNanos);
    }

    synchronized int size() {
        return expiryById.size();
    }
}
