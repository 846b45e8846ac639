package io.streambind.learner.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * A state store whose writes wait until the record that made them has been handled: {@link #commit}
 * applies them, {@link #discard} drops them, so a record that fails half-way leaves the store as it
 * was. Reads see the staged writes. Keys sort by code point, which is the order of their UTF-8 bytes
 * and so the store's own.
 */
public final class StagedStore implements ReadOnlyKeyValueStore<String, byte[]> {
    /** Marks a staged delete; compared by identity, so an empty value put by a caller is still a value. */
    private static final byte[] DELETED = new byte[0];

    private final KeyValueStore<String, byte[]> store;
    private final TreeMap<String, byte[]> staged = new TreeMap<>(StagedStore::compareCodePoints);

    public StagedStore(KeyValueStore<String, byte[]> store) {
        this.store = store;
    }

    public void put(String key, byte[] value) {
        staged.put(key, value);
    }

    public void delete(String key) {
        staged.put(key, DELETED);
    }

    /** Applies the staged writes to the store, in key order. */
    public void commit() {
        for (Map.Entry<String, byte[]> entry : staged.entrySet()) {
            if (entry.getValue() == DELETED) {
                store.delete(entry.getKey());
            } else {
                store.put(entry.getKey(), entry.getValue());
            }
        }
        staged.clear();
    }

    public void discard() {
        staged.clear();
    }

    /** Keys written since the last commit or discard, in key order. */
    Set<String> stagedKeys() {
        return staged.keySet();
    }

    @Override
    public byte[] get(String key) {
        byte[] value = staged.get(key);
        if (value == null) {
            return store.get(key);
        }
        return value == DELETED ? null : value;
    }

    @Override
    public KeyValueIterator<String, byte[]> range(String from, String to) {
        return merged(store.range(from, to), staged.subMap(from, true, to, true));
    }

    @Override
    public KeyValueIterator<String, byte[]> all() {
        return merged(store.all(), staged);
    }

    @Override
    public <PS extends Serializer<P>, P> KeyValueIterator<String, byte[]> prefixScan(P prefix, PS prefixKeySerializer) {
        String start = (String) prefix;
        NavigableMap<String, byte[]> stagedUnder = new TreeMap<>(staged.comparator());
        for (Map.Entry<String, byte[]> entry : staged.tailMap(start, true).entrySet()) {
            if (!entry.getKey().startsWith(start)) {
                break;
            }
            stagedUnder.put(entry.getKey(), entry.getValue());
        }
        return merged(store.prefixScan(prefix, prefixKeySerializer), stagedUnder);
    }

    @Override
    public long approximateNumEntries() {
        return store.approximateNumEntries();
    }

    /** The store's entries with the staged writes laid over them; the store's iterator as it is when none apply. */
    private static KeyValueIterator<String, byte[]> merged(
            KeyValueIterator<String, byte[]> stored, NavigableMap<String, byte[]> stagedInRange) {
        if (stagedInRange.isEmpty()) {
            return stored;
        }
        TreeMap<String, byte[]> view = new TreeMap<>(stagedInRange.comparator());
        try (stored) {
            stored.forEachRemaining(kv -> view.put(kv.key, kv.value));
        }
        stagedInRange.forEach((key, value) -> {
            if (value == DELETED) {
                view.remove(key);
            } else {
                view.put(key, value);
            }
        });
        List<KeyValue<String, byte[]>> entries = new ArrayList<>(view.size());
        view.forEach((key, value) -> entries.add(KeyValue.pair(key, value)));
        return new ListIterator(entries);
    }

    static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    private static final class ListIterator implements KeyValueIterator<String, byte[]> {
        private final List<KeyValue<String, byte[]>> entries;
        private int next;

        ListIterator(List<KeyValue<String, byte[]>> entries) {
            this.entries = entries;
        }

        @Override
        public boolean hasNext() {
            return next < entries.size();
        }

        @Override
        public KeyValue<String, byte[]> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return entries.get(next++);
        }

        @Override
        public String peekNextKey() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return entries.get(next).key;
        }

        @Override
        public void close() {}
    }
}
