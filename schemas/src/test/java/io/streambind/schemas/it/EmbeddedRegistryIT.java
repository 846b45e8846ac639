package io.streambind.schemas.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streambind.avro.ModelSnapshotChunk;
import io.streambind.avro.StepReport;
import io.streambind.avro.StreamRecord;
import io.streambind.embedded.EmbeddedKafka;
import io.streambind.schemas.SampleRecords;
import io.streambind.schemas.registry.CompatibilityLevel;
import io.streambind.schemas.registry.EmbeddedRegistryConfig;
import io.streambind.schemas.registry.EmbeddedSchemaRegistry;
import io.streambind.schemas.registry.RestSchemaRegistryClient;
import io.streambind.schemas.registry.SchemaRegistryClient;
import io.streambind.schemas.registry.SchemaRegistryException;
import io.streambind.schemas.topics.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry over real HTTP, storing into a real embedded broker. */
class EmbeddedRegistryIT {
    @TempDir
    static Path dataDir;

    static EmbeddedKafka kafka;

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafka.start(dataDir);
        System.out.printf("embedded broker start: %d ms%n", kafka.startupMillis());
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    @Test
    void everyRecordTypeRoundTripsThroughTheBroker() throws Exception {
        try (EmbeddedSchemaRegistry registry = startRegistry("_schemas_roundtrip")) {
            System.out.printf("embedded registry start (empty topic): %d ms%n", registry.startupMillis());
            SchemaRegistryClient client = RestSchemaRegistryClient.forUrl(registry.url());
            Topics topics = new Topics(
                    Map.of(
                            Topics.BATCHES_CONFIG,
                            "rt.batches",
                            Topics.REPORTS_CONFIG,
                            "rt.reports",
                            Topics.MODELS_CONFIG,
                            "rt.models",
                            Topics.DLQ_CONFIG,
                            "rt.dlq"),
                    client);

            RoundTrip.everyRecordType(kafka.bootstrapServers(), topics);

            assertThat(client.subjects()).containsExactly("rt.batches-value", "rt.models-value", "rt.reports-value");
            assertThat(topicConfig("_schemas_roundtrip", TopicConfig.CLEANUP_POLICY_CONFIG))
                    .isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
        }
    }

    @Test
    void lookupFindsARegisteredVersionOverHttpAndRegistersNothing() {
        try (EmbeddedSchemaRegistry registry = startRegistry("_schemas_lookup")) {
            SchemaRegistryClient writer = RestSchemaRegistryClient.forUrl(registry.url());
            writer.register("lookup.models-value", StepReport.getClassSchema());
            writer.setCompatibility("lookup.models-value", CompatibilityLevel.NONE);
            int id = writer.register("lookup.models-value", ModelSnapshotChunk.getClassSchema());

            SchemaRegistryClient reader = RestSchemaRegistryClient.forUrl(registry.url());
            var found = reader.lookup("lookup.models-value", ModelSnapshotChunk.getClassSchema());
            assertThat(found.id()).isEqualTo(id);
            assertThat(found.version()).isEqualTo(2);
            assertThat(found.subject()).isEqualTo("lookup.models-value");
            assertThat(reader.schemaById(id)).isEqualTo(ModelSnapshotChunk.getClassSchema());

            assertThatThrownBy(() -> reader.lookup("lookup.models-value", StreamRecord.getClassSchema()))
                    .isInstanceOfSatisfying(
                            SchemaRegistryException.class,
                            e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND));
            assertThatThrownBy(() -> reader.lookup("lookup.absent-value", StreamRecord.getClassSchema()))
                    .isInstanceOfSatisfying(
                            SchemaRegistryException.class,
                            e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SUBJECT_NOT_FOUND));
            assertThat(reader.versions("lookup.models-value")).containsExactly(1, 2);
            assertThat(reader.subjects()).doesNotContain("lookup.absent-value");
        }
    }

    @Test
    void idsSurviveARestartOfRegistryAndBroker() throws Exception {
        String schemasTopic = "_schemas_restart";
        int chunkId;
        int reportId;
        try (EmbeddedSchemaRegistry registry = startRegistry(schemasTopic)) {
            SchemaRegistryClient client = RestSchemaRegistryClient.forUrl(registry.url());
            reportId = client.register("restart.reports-value", StepReport.getClassSchema());
            Topics topics = new Topics(Map.of(Topics.MODELS_CONFIG, "restart.models"), client);
            RoundTrip.createTopics(kafka.bootstrapServers(), List.of("restart.models"));
            RoundTrip.sendAndReadBack(kafka.bootstrapServers(), topics.models(), List.of(SampleRecords.chunk()));
            chunkId = client.latestVersion("restart.models-value").id();
            client.setCompatibility("restart.models-value", CompatibilityLevel.FULL);
        }

        kafka.restart();
        try (EmbeddedSchemaRegistry restarted = startRegistry(schemasTopic)) {
            System.out.printf(
                    "embedded registry start (replaying %s): %d ms%n", schemasTopic, restarted.startupMillis());
            SchemaRegistryClient fresh = RestSchemaRegistryClient.forUrl(restarted.url()); // no cached ids
            assertThat(fresh.register("restart.models-value", ModelSnapshotChunk.getClassSchema()))
                    .isEqualTo(chunkId);
            assertThat(fresh.register("restart.reports-value", StepReport.getClassSchema()))
                    .isEqualTo(reportId);
            Topics reopened = new Topics(
                    Map.of(Topics.MODELS_CONFIG, "restart.models"), RestSchemaRegistryClient.forUrl(restarted.url()));
            assertThat(RoundTrip.readAll(kafka.bootstrapServers(), reopened.models()))
                    .containsExactly(SampleRecords.chunk());
            int next = fresh.register("restart.other-value", Schema.create(Schema.Type.STRING));
            assertThat(next).isEqualTo(Math.max(chunkId, reportId) + 1);
            assertThatThrownBy(() -> fresh.version("restart.models-value", 2))
                    .isInstanceOf(SchemaRegistryException.class);
            assertThat(fresh.versions("restart.models-value")).containsExactly(1);
            assertThat(httpGet(restarted.url() + "/config/restart.models-value")
                            .path("compatibilityLevel")
                            .asText())
                    .isEqualTo("FULL");
        }
    }

    @Test
    void aSubjectDeletedOverHttpStaysDeletedAfterARestart() throws Exception {
        String schemasTopic = "_schemas_delete";
        int reportId;
        try (EmbeddedSchemaRegistry registry = startRegistry(schemasTopic)) {
            SchemaRegistryClient client = RestSchemaRegistryClient.forUrl(registry.url());
            reportId = client.register("gone.reports-value", StepReport.getClassSchema());
            client.register("kept.models-value", ModelSnapshotChunk.getClassSchema());

            assertThat(client.deleteSubject("gone.reports-value")).containsExactly(1);
            assertThat(client.subjects()).containsExactly("kept.models-value");
            assertThatThrownBy(() -> client.deleteSubject("gone.reports-value"))
                    .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                        assertThat(e.httpStatus()).isEqualTo(404);
                        assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SUBJECT_NOT_FOUND);
                    });
        }

        try (EmbeddedSchemaRegistry restarted = startRegistry(schemasTopic)) {
            SchemaRegistryClient fresh = RestSchemaRegistryClient.forUrl(restarted.url());
            assertThat(fresh.subjects()).containsExactly("kept.models-value");
            assertThat(fresh.schemaById(reportId)).isEqualTo(StepReport.getClassSchema());
            assertThat(fresh.register("gone.reports-value", StepReport.getClassSchema()))
                    .isEqualTo(reportId);
            assertThat(fresh.versions("gone.reports-value"))
                    .as("a deleted version's number is not reused")
                    .containsExactly(2);
        }
    }

    /** After compaction a Confluent registry's topic can hold a deletion whose registration is gone. */
    @Test
    void aDeletionWithoutItsRegistrationStillGivesTheSchemaItsId() throws Exception {
        String schemasTopic = "_schemas_compacted";
        String key = "{\"keytype\":\"SCHEMA\",\"subject\":\"old-value\",\"version\":1,\"magic\":1}";
        String deleted = new ObjectMapper()
                .createObjectNode()
                .put("subject", "old-value")
                .put("version", 1)
                .put("id", 7)
                .put("schema", StepReport.getClassSchema().toString())
                .put("deleted", true)
                .toString();
        RoundTrip.createTopics(kafka.bootstrapServers(), List.of(schemasTopic));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(schemasTopic, 0, key, deleted)).get();
        }

        try (EmbeddedSchemaRegistry registry = startRegistry(schemasTopic)) {
            SchemaRegistryClient client = RestSchemaRegistryClient.forUrl(registry.url());
            assertThat(client.subjects()).isEmpty();
            assertThat(client.schemaById(7)).isEqualTo(StepReport.getClassSchema());
            assertThat(client.register("new-value", ModelSnapshotChunk.getClassSchema()))
                    .isEqualTo(8);
            assertThat(client.register("old-value", StepReport.getClassSchema()))
                    .isEqualTo(7);
            assertThat(client.versions("old-value")).containsExactly(2);
        }
    }

    @Test
    void incompatibleRegistrationIsRefusedWith409NamingSubjectAndField() throws Exception {
        try (EmbeddedSchemaRegistry registry = startRegistry("_schemas_compat")) {
            SchemaRegistryClient client = RestSchemaRegistryClient.forUrl(registry.url());
            String subject = "compat.batches-value";
            client.register(subject, StreamRecord.getClassSchema());
            Schema renamedRows = new Schema.Parser()
                    .parse(StreamRecord.getClassSchema()
                            .toString()
                            .replace("{\"name\":\"rows\",\"type\":\"int\"", "{\"name\":\"rowCount\",\"type\":\"int\""));

            assertThat(client.testCompatibility(subject, renamedRows).messages())
                    .anyMatch(m -> m.contains(subject) && m.contains("payload.EmbeddingBatch.rowCount"));
            assertThatThrownBy(() -> client.register(subject, renamedRows))
                    .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                        assertThat(e.httpStatus()).isEqualTo(409);
                        assertThat(e.errorCode()).isEqualTo(409);
                        assertThat(e.registryMessage())
                                .contains("\"" + subject + "\"")
                                .contains("payload.EmbeddingBatch.rowCount");
                    });

            HttpResponse<String> raw = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(registry.url() + "/schemas/ids/999"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(raw.statusCode()).isEqualTo(404);
            assertThat(raw.headers().firstValue("Content-Type")).hasValue(RestSchemaRegistryClient.CONTENT_TYPE);
            assertThat(new ObjectMapper()
                            .readTree(raw.body())
                            .path("error_code")
                            .asInt())
                    .isEqualTo(40403);

            assertThat(client.globalCompatibility()).isEqualTo(CompatibilityLevel.BACKWARD);
            client.setCompatibility(subject, CompatibilityLevel.NONE);
            assertThat(client.register(subject, renamedRows)).isPositive();
            assertThat(client.versions(subject)).containsExactly(1, 2);
        }
    }

    private static EmbeddedSchemaRegistry startRegistry(String topic) {
        return EmbeddedSchemaRegistry.start(new EmbeddedRegistryConfig(Map.of(
                EmbeddedRegistryConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                EmbeddedRegistryConfig.TOPIC_CONFIG,
                topic)));
    }

    private static String topicConfig(String topic, String key) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            return admin.describeConfigs(List.of(resource))
                    .all()
                    .get()
                    .get(resource)
                    .get(key)
                    .value();
        }
    }

    private static JsonNode httpGet(String url) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        return new ObjectMapper().readTree(response.body());
    }
}
