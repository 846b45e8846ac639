package io.streambind.embedded;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of an {@link EmbeddedKafka} node.
 *
 * @param dataDir                 where the node keeps its metadata and log segments; reused on restart
 * @param brokerPort              client port on 127.0.0.1, 0 for a free one
 * @param controllerPort          KRaft controller port on 127.0.0.1, 0 for a free one
 * @param maxRecordBytes          broker {@code message.max.bytes}: largest record batch the broker accepts
 * @param internalTopicPartitions partitions of {@code __consumer_offsets} and {@code __transaction_state}
 * @param overrides               any further broker properties; applied last
 */
public record EmbeddedKafkaConfig(
        Path dataDir,
        int brokerPort,
        int controllerPort,
        int maxRecordBytes,
        int internalTopicPartitions,
        Map<String, String> overrides) {

    /** Kafka's own default (1 MiB + record overhead), so the embedded node rejects what a default broker rejects. */
    public static final int DEFAULT_MAX_RECORD_BYTES = 1_048_588;
    /** One partition each: a single node gains nothing from 50 and creating them slows the first group join. */
    public static final int DEFAULT_INTERNAL_TOPIC_PARTITIONS = 1;

    public EmbeddedKafkaConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        if (brokerPort < 0 || controllerPort < 0) {
            throw new IllegalArgumentException("ports must be >= 0 (0 = free port)");
        }
        if (maxRecordBytes <= 0 || internalTopicPartitions <= 0) {
            throw new IllegalArgumentException("maxRecordBytes and internalTopicPartitions must be positive");
        }
        overrides = Map.copyOf(overrides);
    }

    public static Builder builder(Path dataDir) {
        return new Builder(dataDir);
    }

    public static final class Builder {
        private final Path dataDir;
        private int brokerPort;
        private int controllerPort;
        private int maxRecordBytes = DEFAULT_MAX_RECORD_BYTES;
        private int internalTopicPartitions = DEFAULT_INTERNAL_TOPIC_PARTITIONS;
        private final Map<String, String> overrides = new HashMap<>();

        private Builder(Path dataDir) {
            this.dataDir = dataDir;
        }

        public Builder brokerPort(int port) {
            this.brokerPort = port;
            return this;
        }

        public Builder controllerPort(int port) {
            this.controllerPort = port;
            return this;
        }

        public Builder maxRecordBytes(int bytes) {
            this.maxRecordBytes = bytes;
            return this;
        }

        public Builder internalTopicPartitions(int partitions) {
            this.internalTopicPartitions = partitions;
            return this;
        }

        public Builder brokerProperty(String key, String value) {
            overrides.put(key, value);
            return this;
        }

        public EmbeddedKafkaConfig build() {
            return new EmbeddedKafkaConfig(
                    dataDir, brokerPort, controllerPort, maxRecordBytes, internalTopicPartitions, overrides);
        }
    }
}
