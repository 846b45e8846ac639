package io.streambind.learner.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streambind.avro.StepReport;
import io.streambind.avro.StreamRecord;
import io.streambind.core.model.ContinualModel;
import io.streambind.learner.LearnerApp;
import io.streambind.learner.SyntheticBatches;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The learner and a producer on a broker listener that takes only SASL_SSL (PLAIN over TLS with a
 * certificate made here by keytool): the stream trains and reports through it, and a client with a
 * wrong password is refused. The registry and the test's own readers use the cluster's PLAINTEXT side.
 */
class SaslSslIT {
    private static final String STORE_PASSWORD = "store-password";
    private static final String LEARNER_PASSWORD = "learner-password";

    @TempDir
    Path root;

    @Test
    void learnerAndProducerWorkOverSaslSslAndAWrongPasswordIsRefused() throws Exception {
        Path keystore = root.resolve("broker.p12");
        Path truststore = root.resolve("truststore.p12");
        makeCertificate(keystore, truststore);
        int plaintext = ReliabilityCluster.freePort();
        int controller = ReliabilityCluster.freePort();
        int secure = ReliabilityCluster.freePort();
        String jaasUsers = "org.apache.kafka.common.security.plain.PlainLoginModule required"
                + " username=\"broker\" password=\"broker-password\" user_learner=\"" + LEARNER_PASSWORD + "\";";
        Workload workload = new Workload(List.of("tls"), 2, 2, 16, 32);
        try (ReliabilityCluster cluster = ReliabilityCluster.start(
                root.resolve("kafka"),
                1,
                broker -> broker.brokerPort(plaintext)
                        .controllerPort(controller)
                        .brokerProperty(
                                "listeners",
                                "PLAINTEXT://127.0.0.1:" + plaintext + ",CONTROLLER://127.0.0.1:" + controller
                                        + ",SECURE://127.0.0.1:" + secure)
                        .brokerProperty(
                                "advertised.listeners",
                                "PLAINTEXT://127.0.0.1:" + plaintext + ",SECURE://127.0.0.1:" + secure)
                        .brokerProperty(
                                "listener.security.protocol.map",
                                "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SECURE:SASL_SSL")
                        .brokerProperty("listener.name.secure.sasl.enabled.mechanisms", "PLAIN")
                        .brokerProperty("listener.name.secure.plain.sasl.jaas.config", jaasUsers)
                        .brokerProperty("listener.name.secure.ssl.keystore.location", keystore.toString())
                        .brokerProperty("listener.name.secure.ssl.keystore.password", STORE_PASSWORD)
                        .brokerProperty("listener.name.secure.ssl.keystore.type", "PKCS12")
                        .brokerProperty("listener.name.secure.ssl.key.password", STORE_PASSWORD))) {
            Map<String, String> secured = clientSettings(secure, truststore, LEARNER_PASSWORD);

            assertThatThrownBy(() -> describeCluster(clientSettings(secure, truststore, "wrong-password")))
                    .hasCauseInstanceOf(SaslAuthenticationException.class);

            Map<String, String> settings = cluster.learnerSettings("sasl-ssl", root.resolve("state"));
            settings.putAll(secured);
            try (LearnerApp learner = Learners.start(settings);
                    KafkaProducer<String, StreamRecord> producer = new KafkaProducer<>(
                            producerSettings(secured),
                            new StringSerializer(),
                            cluster.topics().batches().valueSerde().serializer())) {
                for (Workload.Item item : workload.all()) {
                    producer.send(new ProducerRecord<>(
                                    cluster.topics().batches().name(),
                                    item.modelId(),
                                    SyntheticBatches.wrap(item.payload())))
                            .get(30, TimeUnit.SECONDS);
                }
                List<ConsumerRecord<byte[], StepReport>> reports = cluster.readUntil(
                        cluster.topics().reports().name(),
                        cluster.topics().reports().valueSerde().deserializer(),
                        r -> r.size() >= 2,
                        Duration.ofSeconds(120));
                assertThat(reports).extracting(r -> r.value().getStep()).containsExactly(0L, 1L);
                assertThat(reports).extracting(r -> r.value().getSamplesSeen()).containsExactly(32L, 64L);
                ContinualModel trained = StoredModels.awaitSteps(
                                learner.streams(), List.of("tls"), 2, Duration.ofSeconds(60))
                        .get("tls");
                assertThat(trained.toBytes())
                        .isEqualTo(workload.offline().get("tls").toBytes());
            }
            System.out.printf(
                    "sasl-ssl IT: %d records produced and 2 steps reported over SASL_SSL; a wrong password"
                            + " was refused%n",
                    workload.all().size());
        }
    }

    private static Map<String, String> clientSettings(int port, Path truststore, String password) {
        Map<String, String> settings = new HashMap<>();
        settings.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port);
        settings.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL");
        settings.put(SaslConfigs.SASL_MECHANISM, "PLAIN");
        settings.put(
                SaslConfigs.SASL_JAAS_CONFIG,
                "org.apache.kafka.common.security.plain.PlainLoginModule required" + " username=\"learner\" password=\""
                        + password + "\";");
        settings.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, truststore.toString());
        settings.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, STORE_PASSWORD);
        settings.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PKCS12");
        return settings;
    }

    private static Map<String, Object> producerSettings(Map<String, String> secured) {
        Map<String, Object> settings = new HashMap<>(secured);
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        settings.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 << 20);
        return settings;
    }

    private static void describeCluster(Map<String, String> settings) throws InterruptedException, ExecutionException {
        Map<String, Object> props = new HashMap<>(settings);
        props.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        props.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        try (Admin admin = Admin.create(props)) {
            admin.describeCluster().nodes().get();
        }
    }

    /** A self-signed certificate for 127.0.0.1 in the broker's key store, and a trust store holding it. */
    private static void makeCertificate(Path keystore, Path truststore) throws IOException, InterruptedException {
        Path certificate = keystore.resolveSibling("broker.crt");
        keytool(
                "-genkeypair",
                "-alias",
                "broker",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-dname",
                "CN=127.0.0.1",
                "-ext",
                "SAN=ip:127.0.0.1,dns:localhost",
                "-validity",
                "2",
                "-keystore",
                keystore.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                STORE_PASSWORD,
                "-keypass",
                STORE_PASSWORD);
        keytool(
                "-exportcert",
                "-alias",
                "broker",
                "-keystore",
                keystore.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                STORE_PASSWORD,
                "-file",
                certificate.toString());
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                "broker",
                "-file",
                certificate.toString(),
                "-keystore",
                truststore.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                STORE_PASSWORD);
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as("keytool %s: %s", args[0], output).isZero();
    }
}
