package io.streambind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambind.core.config.ConfigKey;
import io.streambind.core.config.DnsConfig;
import io.streambind.learner.LearnerConfig;
import io.streambind.schemas.registry.EmbeddedRegistryConfig;
import io.streambind.schemas.registry.RegistryClientConfig;
import io.streambind.schemas.topics.Topics;
import io.streambind.schemas.wire.DecodeLimits;
import io.streambind.schemas.wire.SerializerConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;

/** {@code ./streambind config} lists every setting of every definition. */
class ConfigCommandTest {
    @Test
    void listsEverySetting() {
        List<String> keys =
                new ArrayList<>(DnsConfig.KEYS.stream().map(ConfigKey::name).toList());
        for (ConfigDef definition : List.of(
                LearnerConfig.definition(),
                Topics.CONFIG_DEF,
                DecodeLimits.CONFIG_DEF,
                RegistryClientConfig.CONFIG_DEF,
                SerializerConfig.CONFIG_DEF,
                EmbeddedRegistryConfig.CONFIG_DEF)) {
            keys.addAll(definition.names());
        }
        String printed = print();
        for (String key : keys) {
            assertThat(printed)
                    .as("listing of %s", key)
                    .containsPattern("(?m)^  " + java.util.regex.Pattern.quote(key) + "\\s");
        }
        assertThat(printed).contains(EmbeddedRegistryConfig.PORT_CONFIG).contains(DnsConfig.PRECISION);
    }

    private static String print() {
        PrintStream original = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            new ConfigCommand().run();
        } finally {
            System.setOut(original);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
