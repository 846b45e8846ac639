package io.streambind.learner.state;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Builders of the learner's stores: persistent (RocksDB), changelogged, behind the record cache. The
 * cache is flushed at each commit, so a redo entry cleared by a snapshot within the same commit
 * interval never reaches RocksDB or the changelog (measured: half the changelog bytes of the demo's
 * stream at a 5 s commit interval). The sections store is the exception: a snapshot is tens of MB at
 * d = 1024, and written straight through it goes to the broker while training goes on, instead of all
 * at the commit, which then waits for every byte of it. Changelog segments are small enough for
 * compaction to drop superseded snapshots (LearnerConfig's changelog segment bytes).
 */
public final class LearnerStores {
    private LearnerStores() {}

    /** Every store, its changelog topic created with {@code segmentBytes} segments (see LearnerConfig). */
    public static List<StoreBuilder<KeyValueStore<String, byte[]>>> builders(int segmentBytes) {
        return StoreNames.ALL.stream().map(name -> builder(name, segmentBytes)).toList();
    }

    private static StoreBuilder<KeyValueStore<String, byte[]>> builder(String name, int segmentBytes) {
        StoreBuilder<KeyValueStore<String, byte[]>> builder = Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(name), Serdes.String(), Serdes.ByteArray())
                .withLoggingEnabled(Map.of(TopicConfig.SEGMENT_BYTES_CONFIG, Integer.toString(segmentBytes)));
        return name.equals(StoreNames.SECTIONS) ? builder.withCachingDisabled() : builder.withCachingEnabled();
    }
}
