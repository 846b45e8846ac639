package io.streambind.learner.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StagedStoreTest {
    private final KeyValueStore<String, byte[]> store = Stores.keyValueStoreBuilder(
                    Stores.inMemoryKeyValueStore("staged"), Serdes.String(), Serdes.ByteArray())
            .withLoggingDisabled()
            .build();
    private final StagedStore staged = new StagedStore(store);

    StagedStoreTest() {
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        store.put("m\u0000a", value("a0"));
        store.put("m\u0000c", value("c0"));
        store.put("n\u0000a", value("other model"));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void readsSeeStagedWritesThatTheStoreDoesNotHaveYet() {
        staged.put("m\u0000b", value("b1"));
        staged.delete("m\u0000c");
        staged.put("m\u0000a", value("a1"));
        assertThat(text(staged.get("m\u0000a"))).isEqualTo("a1");
        assertThat(staged.get("m\u0000c")).isNull();
        assertThat(entries(staged.prefixScan("m\u0000", new StringSerializer())))
                .containsExactly(Map.entry("m\u0000a", "a1"), Map.entry("m\u0000b", "b1"));
        assertThat(entries(staged.range("m\u0000b", "n\u0000a")))
                .containsExactly(Map.entry("m\u0000b", "b1"), Map.entry("n\u0000a", "other model"));
        assertThat(text(store.get("m\u0000a"))).as("the store itself").isEqualTo("a0");
    }

    @Test
    void commitAppliesEveryWriteAndDiscardDropsThem() {
        staged.put("m\u0000b", value("b1"));
        staged.delete("m\u0000c");
        staged.discard();
        assertThat(entries(staged.all()))
                .containsExactly(
                        Map.entry("m\u0000a", "a0"), Map.entry("m\u0000c", "c0"), Map.entry("n\u0000a", "other model"));

        staged.put("m\u0000b", value("b1"));
        staged.delete("m\u0000c");
        staged.put("m\u0000d", new byte[0]);
        staged.commit();
        assertThat(entries(store.all()))
                .containsExactly(
                        Map.entry("m\u0000a", "a0"),
                        Map.entry("m\u0000b", "b1"),
                        Map.entry("m\u0000d", ""),
                        Map.entry("n\u0000a", "other model"));
        staged.discard();
        assertThat(store.get("m\u0000b"))
                .as("a discard after the commit changes nothing")
                .isNotNull();
    }

    @Test
    void keysSortByCodePointAsTheirUtf8BytesDo() {
        List<String> keys = new ArrayList<>(List.of("\uffff", "\ud83d\ude00", "a", "a\u0000", ""));
        keys.sort(StagedStore::compareCodePoints);
        List<String> byBytes = new ArrayList<>(keys);
        byBytes.sort((x, y) ->
                Arrays.compareUnsigned(x.getBytes(StandardCharsets.UTF_8), y.getBytes(StandardCharsets.UTF_8)));
        assertThat(keys).containsExactlyElementsOf(byBytes);
        assertThat(keys.indexOf("\uffff")).isLessThan(keys.indexOf("\ud83d\ude00"));
    }

    private static Map<String, String> entries(KeyValueIterator<String, byte[]> it) {
        Map<String, String> entries = new LinkedHashMap<>();
        try (it) {
            it.forEachRemaining(kv -> entries.put(kv.key, text(kv.value)));
        }
        return entries;
    }

    private static byte[] value(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
