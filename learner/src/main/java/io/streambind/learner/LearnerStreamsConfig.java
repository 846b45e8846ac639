package io.streambind.learner;

import io.streambind.core.config.DnsConfig;
import org.apache.kafka.streams.StreamsConfig;

import java.util.Map;
import java.util.Properties;

/**
 * Kafka Streams settings of the learner: exactly-once v2 unless told otherwise, the HTTP address
 * as application.server for interactive-query routing, and every client/streams key of the
 * configuration passed through (num.standby.replicas, state.dir, security settings, ...).
 */
public final class LearnerStreamsConfig {
    public static final String DEFAULT_APPLICATION_ID = "streambind-learner";
    /** Prefixes of keys that belong to StreamBind itself, not to the Kafka clients. */
    private static final String[] OWN_PREFIXES = {"learner.", DnsConfig.PREFIX, "streambind.", "schema.registry.",
        "basic.auth.",
        ModelConfigs.PREFIX};

    private LearnerStreamsConfig() {
    }

    public static Properties properties(Map<String, String> settings, String advertisedHost, int httpPort) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, DEFAULT_APPLICATION_ID);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        settings.forEach((key, value) -> {
            if (!isOwnKey(key)) {
                props.put(key, value);
            }
        });
        props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, advertisedHost + ":" + httpPort);
        return props;
    }

    private static boolean isOwnKey(String key) {
        for (String prefix : OWN_PREFIXES) {
            if (key.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
