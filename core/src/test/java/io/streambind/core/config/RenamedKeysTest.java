package io.streambind.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RenamedKeysTest {
    private static final Map<String, String> RENAMED = Map.of("a.old.max", "a.max.new");

    @Test
    void aFormerNameIsReadAsTheCurrentOne() {
        assertThat(RenamedKeys.toCurrentNames(Map.of("a.old.max", "3", "other", "x"), RENAMED))
                .containsOnly(Map.entry("a.max.new", "3"), Map.entry("other", "x"));
        assertThat(RenamedKeys.toCurrentNames(Map.of("a.max.new", "4"), RENAMED))
                .containsOnly(Map.entry("a.max.new", "4"));
    }

    @Test
    void bothNamesMustAgree() {
        assertThat(RenamedKeys.toCurrentNames(Map.of("a.old.max", "3", "a.max.new", "3"), RENAMED))
                .containsOnly(Map.entry("a.max.new", "3"));
        assertThatThrownBy(() -> RenamedKeys.toCurrentNames(Map.of("a.old.max", "3", "a.max.new", "4"), RENAMED))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a.max.new")
                .hasMessageContaining("former name 'a.old.max'");
    }
}
