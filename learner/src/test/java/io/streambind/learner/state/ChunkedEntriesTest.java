package io.streambind.learner.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambind.core.model.Chunks;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ChunkedEntriesTest {
    private final KeyValueStore<String, byte[]> store = Stores.keyValueStoreBuilder(
                    Stores.inMemoryKeyValueStore("chunks"), Serdes.String(), Serdes.ByteArray())
            .withLoggingDisabled()
            .build();
    private final StagedStore staged = new StagedStore(store);
    private final ChunkedEntries entries = new ChunkedEntries(staged);

    ChunkedEntriesTest() {
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aValueOfManyChunksReadsBackWhole() {
        byte[] value = bytes(2 * Chunks.DEFAULT_MAX_BYTES + 17, 1);
        entries.put("m\u0000a", value);
        assertThat(keys()).hasSize(3);
        assertThat(entries.get("m\u0000a")).isEqualTo(value);
    }

    @Test
    void aShorterValueReplacesALongerOneWithoutLeftoverChunks() {
        entries.put("m\u0000a", bytes(3 * Chunks.DEFAULT_MAX_BYTES, 1));
        entries.put("m\u0000b", bytes(100, 2));
        byte[] shorter = bytes(Chunks.DEFAULT_MAX_BYTES + 1, 3);
        entries.put("m\u0000a", shorter);
        assertThat(entries.get("m\u0000a")).isEqualTo(shorter);
        assertThat(entries.get("m\u0000b")).as("the neighbouring entry").isEqualTo(bytes(100, 2));
        assertThat(keys()).hasSize(3);
    }

    @Test
    void aLongerValueReplacesAShorterOne() {
        entries.put("m\u0000a", bytes(10, 1));
        byte[] longer = bytes(2 * Chunks.DEFAULT_MAX_BYTES + 1, 4);
        entries.put("m\u0000a", longer);
        assertThat(entries.get("m\u0000a")).isEqualTo(longer);
    }

    @Test
    void deleteRemovesEveryChunk() {
        entries.put("m\u0000a", bytes(2 * Chunks.DEFAULT_MAX_BYTES, 1));
        entries.delete("m\u0000a");
        assertThat(entries.get("m\u0000a")).isNull();
        assertThat(keys()).isEmpty();
    }

    /** The keys in the store once the staged writes are applied. */
    private List<String> keys() {
        staged.commit();
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = store.all()) {
            it.forEachRemaining(kv -> keys.add(kv.key));
        }
        return keys;
    }

    private static byte[] bytes(int size, long seed) {
        byte[] value = new byte[size];
        new Random(seed).nextBytes(value);
        return value;
    }
}
