package io.streambind.schemas.registry;

import java.util.Arrays;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/** Settings of {@link EmbeddedSchemaRegistry}. */
public final class EmbeddedRegistryConfig extends AbstractConfig {

    public static final String BOOTSTRAP_SERVERS_CONFIG = CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG;
    private static final String BOOTSTRAP_SERVERS_DOC = "Kafka cluster that stores the registry's schemas.";

    public static final String HOST_CONFIG = "streambind.registry.host";
    private static final String HOST_DOC = "Address the registry's HTTP server binds to.";
    public static final String HOST_DEFAULT = "127.0.0.1";

    public static final String PORT_CONFIG = "streambind.registry.port";
    private static final String PORT_DOC = "HTTP port; 0 picks a free one.";
    public static final int PORT_DEFAULT = 0;

    public static final String TOPIC_CONFIG = "streambind.registry.topic";
    private static final String TOPIC_DOC = "Compacted topic holding the registered schemas (Confluent's layout).";
    public static final String TOPIC_DEFAULT = "_schemas";

    public static final String REPLICATION_FACTOR_CONFIG = "streambind.registry.topic.replication.factor";
    private static final String REPLICATION_FACTOR_DOC = "Replication factor used when the schema topic is created.";
    public static final short REPLICATION_FACTOR_DEFAULT = 1;

    public static final String COMPATIBILITY_CONFIG = "streambind.registry.compatibility";
    private static final String COMPATIBILITY_DOC = "Global compatibility level until one is set through PUT /config.";
    public static final String COMPATIBILITY_DEFAULT = CompatibilityLevel.BACKWARD.name();

    public static final String WRITE_TIMEOUT_MS_CONFIG = "streambind.registry.write.timeout.ms";
    private static final String WRITE_TIMEOUT_MS_DOC =
            "How long a registration waits for the schema topic to acknowledge it.";
    public static final int WRITE_TIMEOUT_MS_DEFAULT = 30_000;

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(
                    BOOTSTRAP_SERVERS_CONFIG,
                    Type.STRING,
                    ConfigDef.NO_DEFAULT_VALUE,
                    new ConfigDef.NonEmptyString(),
                    Importance.HIGH,
                    BOOTSTRAP_SERVERS_DOC)
            .define(HOST_CONFIG, Type.STRING, HOST_DEFAULT, Importance.MEDIUM, HOST_DOC)
            .define(PORT_CONFIG, Type.INT, PORT_DEFAULT, ConfigDef.Range.between(0, 65535), Importance.MEDIUM, PORT_DOC)
            .define(TOPIC_CONFIG, Type.STRING, TOPIC_DEFAULT, new ConfigDef.NonEmptyString(), Importance.LOW, TOPIC_DOC)
            .define(
                    REPLICATION_FACTOR_CONFIG,
                    Type.SHORT,
                    REPLICATION_FACTOR_DEFAULT,
                    ConfigDef.Range.atLeast(1),
                    Importance.LOW,
                    REPLICATION_FACTOR_DOC)
            .define(
                    COMPATIBILITY_CONFIG,
                    Type.STRING,
                    COMPATIBILITY_DEFAULT,
                    ConfigDef.ValidString.in(Arrays.stream(CompatibilityLevel.values())
                            .map(Enum::name)
                            .toArray(String[]::new)),
                    Importance.MEDIUM,
                    COMPATIBILITY_DOC)
            .define(
                    WRITE_TIMEOUT_MS_CONFIG,
                    Type.INT,
                    WRITE_TIMEOUT_MS_DEFAULT,
                    ConfigDef.Range.atLeast(1),
                    Importance.LOW,
                    WRITE_TIMEOUT_MS_DOC);

    public EmbeddedRegistryConfig(Map<String, ?> props) {
        super(CONFIG_DEF, props, false);
    }

    public static EmbeddedRegistryConfig forKafka(String bootstrapServers) {
        return new EmbeddedRegistryConfig(Map.of(BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    CompatibilityLevel compatibility() {
        return CompatibilityLevel.valueOf(getString(COMPATIBILITY_CONFIG));
    }
}
