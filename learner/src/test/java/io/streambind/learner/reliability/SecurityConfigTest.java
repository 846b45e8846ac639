package io.streambind.learner.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambind.avro.EmbeddingBatch;
import io.streambind.avro.Split;
import io.streambind.learner.LearnerConfig;
import io.streambind.learner.LearnerDriver;
import io.streambind.learner.LearnerStreamsConfig;
import io.streambind.learner.SyntheticBatches;
import io.streambind.schemas.registry.RegistryClientConfig;
import io.streambind.schemas.topics.DeadLetter;
import io.streambind.schemas.wire.DecodeLimits;
import io.streambind.schemas.wire.MatrixShapeException;
import io.streambind.schemas.wire.RecordTooLargeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Security-relevant configuration as the learner resolves it: loopback HTTP by default, Kafka
 * client security keys handed to every client Kafka Streams creates, registry credentials to the
 * registry client, and Avro decode limits with safe defaults that the learner really applies.
 */
class SecurityConfigTest {
    private static final Map<String, String> KAFKA_SECURITY = Map.of(
            "security.protocol", "SASL_SSL",
            "sasl.mechanism", "SCRAM-SHA-512",
            "sasl.jaas.config",
                    "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"u\" password=\"p\";",
            "ssl.truststore.location", "/etc/kafka/truststore.p12",
            "ssl.truststore.password", "truststore-secret",
            "ssl.keystore.location", "/etc/kafka/keystore.p12",
            "ssl.keystore.password", "keystore-secret",
            "ssl.key.password", "key-secret",
            "ssl.endpoint.identification.algorithm", "https");

    @TempDir
    Path stateDir;

    @Test
    void httpBindsLoopbackByDefault() {
        assertThat(new LearnerConfig(Map.of()).httpHost()).isEqualTo("127.0.0.1");
        assertThat(new LearnerConfig(Map.of()).httpAdvertisedHost()).isEqualTo("127.0.0.1");
    }

    @Test
    void kafkaSecuritySettingsReachEveryStreamsClientAndRegistryCredentialsTheRegistryClient() {
        Map<String, String> settings = new HashMap<>(KAFKA_SECURITY);
        settings.put("bootstrap.servers", "broker:9093");
        settings.put(RegistryClientConfig.URL_CONFIG, "https://registry:8081");
        settings.put(RegistryClientConfig.BASIC_AUTH_USER_INFO_CONFIG, "key:registry-secret");
        settings.put(RegistryClientConfig.TRUSTSTORE_LOCATION_CONFIG, "/etc/registry/truststore.p12");
        settings.put(RegistryClientConfig.TRUSTSTORE_PASSWORD_CONFIG, "registry-truststore-secret");

        StreamsConfig streams = new StreamsConfig(LearnerStreamsConfig.properties(settings, "127.0.0.1", 8080));
        List<Map<String, Object>> clients = List.of(
                streams.getMainConsumerConfigs("group", "client", 0),
                streams.getRestoreConsumerConfigs("client"),
                streams.getGlobalConsumerConfigs("client"),
                streams.getProducerConfigs("client"),
                streams.getAdminConfigs("client"));
        for (Map<String, Object> client : clients) {
            KAFKA_SECURITY.forEach((key, value) -> assertThat(plain(client.get(key)))
                    .as(key + " in a streams client config")
                    .isEqualTo(value));
            assertThat(client)
                    .as("registry keys stay out of the Kafka clients")
                    .doesNotContainKeys(
                            RegistryClientConfig.BASIC_AUTH_USER_INFO_CONFIG, RegistryClientConfig.URL_CONFIG);
        }
        RegistryClientConfig registry = new RegistryClientConfig(settings);
        assertThat(registry.userInfo()).isEqualTo("key:registry-secret");
        assertThat(registry.getString(RegistryClientConfig.TRUSTSTORE_LOCATION_CONFIG))
                .isEqualTo("/etc/registry/truststore.p12");
        assertThat(registry.getPassword(RegistryClientConfig.TRUSTSTORE_PASSWORD_CONFIG)
                        .value())
                .isEqualTo("registry-truststore-secret");
        // Kafka's config logging prints PASSWORD-typed values as [hidden].
        assertThat(registry.getPassword(RegistryClientConfig.BASIC_AUTH_USER_INFO_CONFIG)
                        .toString())
                .isEqualTo("[hidden]");
    }

    @Test
    void decodeLimitsHaveSafeDefaults() {
        assertThat(DecodeLimits.CONFIG_DEF.names())
                .contains(
                        DecodeLimits.MAX_RECORD_BYTES_CONFIG,
                        DecodeLimits.MAX_COLLECTION_ITEMS_CONFIG,
                        DecodeLimits.MAX_MATRIX_ELEMENTS_CONFIG,
                        DecodeLimits.MAX_NESTING_DEPTH_CONFIG);
        assertThat(DecodeLimits.DEFAULTS).isEqualTo(new DecodeLimits(16 << 20, 1 << 20, 4096L * 1024, 64));
    }

    @Test
    void decodeLimitsFromTheLearnerSettingsAreApplied() {
        Map<String, String> settings =
                Map.of(DecodeLimits.MAX_RECORD_BYTES_CONFIG, "4096", DecodeLimits.MAX_MATRIX_ELEMENTS_CONFIG, "256");
        try (LearnerDriver learner = LearnerDriver.fromSettings(stateDir, settings)) {
            byte[] key = "m".getBytes(StandardCharsets.UTF_8);
            EmbeddingBatch small =
                    SyntheticBatches.batch("m", "small", Split.TRAIN, 8, 16, 1); // 2 x 128 elements, ~1 KiB
            EmbeddingBatch tooLarge = SyntheticBatches.batch("m", "large", Split.TRAIN, 64, 16, 2); // ~8 KiB
            EmbeddingBatch tooManyElements =
                    SyntheticBatches.batch("m", "wide", Split.TRAIN, 4, 96, 3); // 384 elements, ~3 KiB
            learner.sendRaw(key, encode(learner, small));
            learner.sendRaw(key, encode(learner, tooLarge));
            learner.sendRaw(key, encode(learner, tooManyElements));
            learner.sendRaw(
                    key,
                    learner.topics
                            .batches()
                            .valueSerde()
                            .serializer()
                            .serialize(
                                    learner.topics.batches().name(),
                                    SyntheticBatches.wrap(SyntheticBatches.marker("m", 0))));
            List<TestRecord<byte[], byte[]>> dead = learner.deadLetters();
            assertThat(dead)
                    .extracting(r -> DeadLetter.Info.readFrom(r.headers()).errorClass())
                    .containsExactly(RecordTooLargeException.class.getName(), MatrixShapeException.class.getName());
            assertThat(learner.storedModel("m").provenance().batchesSeen()).isEqualTo(1);
        }
    }

    private static byte[] encode(LearnerDriver learner, EmbeddingBatch batch) {
        return learner.topics
                .batches()
                .valueSerde()
                .serializer()
                .serialize(learner.topics.batches().name(), SyntheticBatches.wrap(batch));
    }

    private static Object plain(Object value) {
        return value instanceof Password password ? password.value() : value;
    }
}
