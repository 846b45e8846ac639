package io.streambind.learner.state;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

import java.util.List;
import java.util.Map;

/**
 * Builders of the learner's stores: persistent (RocksDB), changelogged, without the record cache
 * (values are large chunks written once per commit; caching would only hold memory).
 */
public final class LearnerStores {
    private LearnerStores() {
    }

    public static List<StoreBuilder<KeyValueStore<String, byte[]>>> builders() {
        return StoreNames.ALL.stream().map(LearnerStores::builder).toList();
    }

    private static StoreBuilder<KeyValueStore<String, byte[]>> builder(String name) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), Serdes.ByteArray())
                .withCachingDisabled()
                .withLoggingEnabled(Map.of());
    }
}
