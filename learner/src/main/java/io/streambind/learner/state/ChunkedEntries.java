package io.streambind.learner.state;

import io.streambind.core.model.Chunks;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Values of any size kept as chunks of at most {@link Chunks#DEFAULT_MAX_BYTES} under
 * {@code entryKey NUL index}, so that no changelog record comes near Kafka's 1 MiB record limit.
 */
public final class ChunkedEntries {
    private static final StringSerializer KEY_SERIALIZER = new StringSerializer();

    private final StagedStore store;

    public ChunkedEntries(StagedStore store) {
        this.store = store;
    }

    /**
     * Replaces the entry; returns the bytes written (keys included) for the changelog figures. Chunks are
     * overwritten in place and only those beyond the new count deleted: no tombstone for a key written
     * again, and no read of the old chunks' values.
     */
    public long put(String entryKey, byte[] value) {
        long written = 0;
        List<byte[]> chunks = Chunks.split(value);
        for (int i = 0; i < chunks.size(); i++) {
            String key = StoreKeys.of(entryKey, StoreKeys.index(i));
            store.put(key, chunks.get(i));
            written += key.length() + chunks.get(i).length;
        }
        deleteAll(keys(store.range(
                StoreKeys.of(entryKey, StoreKeys.index(chunks.size())),
                StoreKeys.of(entryKey, StoreKeys.index(Integer.MAX_VALUE)))));
        return written;
    }

    public byte[] get(String entryKey) {
        return read(store, entryKey);
    }

    public void delete(String entryKey) {
        deleteAll(keysUnder(store, entryKey + StoreKeys.SEPARATOR));
    }

    /** Deletes every entry whose key starts with {@code prefix}. */
    public void deletePrefix(String prefix) {
        deleteAll(keysUnder(store, prefix));
    }

    /** Every entry under {@code prefix}, in key order, joined. */
    public Map<String, byte[]> entries(String prefix) {
        return entries(store, prefix);
    }

    /** Reads one chunked entry from any store, read-only ones (interactive queries) included. */
    public static byte[] read(ReadOnlyKeyValueStore<String, byte[]> store, String entryKey) {
        Map<String, byte[]> found = entries(store, entryKey + StoreKeys.SEPARATOR);
        // Chunk keys under entryKey NUL have the entry key as parent.
        return found.get(entryKey);
    }

    public static Map<String, byte[]> entries(ReadOnlyKeyValueStore<String, byte[]> store, String prefix) {
        Map<String, ByteArrayOutputStream> joined = new LinkedHashMap<>();
        try (KeyValueIterator<String, byte[]> it = store.prefixScan(prefix, KEY_SERIALIZER)) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> chunk = it.next();
                joined.computeIfAbsent(StoreKeys.parent(chunk.key), k -> new ByteArrayOutputStream())
                        .writeBytes(chunk.value);
            }
        }
        Map<String, byte[]> result = new LinkedHashMap<>();
        joined.forEach((key, bytes) -> result.put(key, bytes.toByteArray()));
        return result;
    }

    private static List<String> keysUnder(ReadOnlyKeyValueStore<String, byte[]> store, String prefix) {
        return keys(store.prefixScan(prefix, KEY_SERIALIZER));
    }

    /** The keys of an iterator's entries, closing it. */
    private static List<String> keys(KeyValueIterator<String, byte[]> entries) {
        List<String> keys = new ArrayList<>();
        try (entries) {
            while (entries.hasNext()) {
                keys.add(entries.next().key);
            }
        }
        return keys;
    }

    private void deleteAll(List<String> keys) {
        for (String key : keys) {
            store.delete(key);
        }
    }
}
