package io.streambind.schemas.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streambind.avro.ModelSnapshotChunk;
import io.streambind.avro.StepReport;
import io.streambind.avro.StreamRecord;
import io.streambind.schemas.SampleRecords;
import io.streambind.schemas.registry.EmbeddedRegistryConfig;
import io.streambind.schemas.registry.InMemorySchemaRegistryClient;
import io.streambind.schemas.wire.DecodeLimits;
import io.streambind.schemas.wire.RecordTooLargeException;
import io.streambind.schemas.wire.SerializerConfig;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void defaultNamesAndOverrides() {
        Topics defaults = new Topics(Map.of(), new InMemorySchemaRegistryClient());
        assertThat(defaults.applicationTopicNames())
                .containsExactly("streambind.batches", "streambind.reports", "streambind.models", "streambind.dlq");
        assertThat(defaults.schemas()).isEqualTo("_schemas");

        Topics renamed = new Topics(
                Map.of(Topics.BATCHES_CONFIG, "demo2.batches", EmbeddedRegistryConfig.TOPIC_CONFIG, "_schemas2"),
                new InMemorySchemaRegistryClient());
        assertThat(renamed.batches().name()).isEqualTo("demo2.batches");
        assertThat(renamed.reports().name()).isEqualTo("streambind.reports");
        assertThat(renamed.schemas()).isEqualTo("_schemas2");
    }

    @Test
    void batchesSerdeUsesTheConfiguredDecodeLimits() {
        Topics topics =
                new Topics(Map.of(DecodeLimits.MAX_RECORD_BYTES_CONFIG, "1024"), new InMemorySchemaRegistryClient());
        Topic<String, StreamRecord> batches = topics.batches();
        byte[] small = batches.valueSerde().serializer().serialize(batches.name(), SampleRecords.markerRecord());
        byte[] large =
                batches.valueSerde().serializer().serialize(batches.name(), SampleRecords.batchRecord(16, 16, 16));
        assertThat(batches.valueSerde().deserializer().deserialize(batches.name(), small))
                .isEqualTo(SampleRecords.markerRecord());
        assertThatThrownBy(() -> batches.valueSerde().deserializer().deserialize(batches.name(), large))
                .isInstanceOf(RecordTooLargeException.class);
    }

    @Test
    void everyValueSerializerFollowsAutoRegisterSchemas() {
        InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
        Topics topics = new Topics(Map.of(SerializerConfig.AUTO_REGISTER_SCHEMAS_CONFIG, "false"), registry);
        assertThatThrownBy(() -> topics.batches()
                        .valueSerde()
                        .serializer()
                        .serialize(topics.batches().name(), SampleRecords.markerRecord()))
                .hasMessageContaining("is not registered under subject 'streambind.batches-value'");
        assertThatThrownBy(() -> topics.reports()
                        .valueSerde()
                        .serializer()
                        .serialize(topics.reports().name(), SampleRecords.report()))
                .hasMessageContaining("'streambind.reports-value'");
        assertThatThrownBy(() -> topics.models()
                        .valueSerde()
                        .serializer()
                        .serialize(topics.models().name(), SampleRecords.chunk()))
                .hasMessageContaining("'streambind.models-value'");
        assertThat(registry.subjects()).isEmpty();
        assertThatThrownBy(topics::requireOutputSchemasRegistered).hasMessageContaining("'streambind.reports-value'");
        registry.register("streambind.reports-value", StepReport.getClassSchema());
        assertThatThrownBy(topics::requireOutputSchemasRegistered).hasMessageContaining("'streambind.models-value'");
        registry.register("streambind.models-value", ModelSnapshotChunk.getClassSchema());
        topics.requireOutputSchemasRegistered();

        registry.register("streambind.batches-value", StreamRecord.getClassSchema());
        byte[] marker = topics.batches()
                .valueSerde()
                .serializer()
                .serialize(topics.batches().name(), SampleRecords.markerRecord());
        assertThat(topics.batches()
                        .valueSerde()
                        .deserializer()
                        .deserialize(topics.batches().name(), marker))
                .isEqualTo(SampleRecords.markerRecord());
    }

    @Test
    void withAutoRegistrationTheStartCheckAsksTheRegistryNothing() {
        InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
        new Topics(Map.of(), registry).requireOutputSchemasRegistered();
        assertThat(registry.subjects()).isEmpty();
    }

    @Test
    void deadLetterHeadersRoundTrip() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("traceparent", new byte[] {1});
        DeadLetter.Info info = DeadLetter.fromError(
                new RecordTooLargeException("record of 9 bytes exceeds 8"), "streambind.batches", 2, 41L);
        info.writeTo(headers);
        info.writeTo(headers); // writing twice must not duplicate headers

        assertThat(DeadLetter.Info.readFrom(headers))
                .isEqualTo(new DeadLetter.Info(
                        "record of 9 bytes exceeds 8",
                        "streambind.batches",
                        2,
                        41L,
                        RecordTooLargeException.class.getName()));
        assertThat(headers.headers(DeadLetter.REASON)).hasSize(1);
        assertThat(headers.lastHeader("traceparent")).isNotNull();
        assertThatThrownBy(() -> DeadLetter.Info.readFrom(new RecordHeaders())).hasMessageContaining(DeadLetter.REASON);
    }
}
