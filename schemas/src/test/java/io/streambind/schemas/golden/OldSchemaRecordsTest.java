package io.streambind.schemas.golden;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambind.avro.ClassPrompts;
import io.streambind.avro.EmbeddingBatch;
import io.streambind.avro.Split;
import io.streambind.avro.StepMarker;
import io.streambind.avro.StreamRecord;
import io.streambind.schemas.codec.FloatMatrix;
import io.streambind.schemas.registry.InMemorySchemaRegistryClient;
import io.streambind.schemas.wire.AvroWireDeserializer;
import io.streambind.schemas.wire.DecodeLimits;
import io.streambind.schemas.wire.MatrixShapes;
import java.io.IOException;
import java.io.InputStream;
import org.apache.avro.Schema;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Records written with the first published envelope schema (golden/v1: StreamRecord before ClassPrompts
 * gained firstClass/classCount), in Confluent wire format with schema id 1, must decode with today's
 * classes, and today's schema must be a BACKWARD-compatible successor of that one. The fixtures are
 * never regenerated: they stand for data already on users' topics.
 */
class OldSchemaRecordsTest {
    private InMemorySchemaRegistryClient registry;
    private AvroWireDeserializer<StreamRecord> deserializer;

    @BeforeEach
    void registerTheOldSchemaAsIdOne() throws IOException {
        registry = new InMemorySchemaRegistryClient();
        Schema v1 = new Schema.Parser().parse(resource("StreamRecord.avsc"));
        assertThat(registry.register("streambind.batches-value", v1)).isEqualTo(1);
        deserializer =
                new AvroWireDeserializer<>(registry, StreamRecord.class, DecodeLimits.DEFAULTS, MatrixShapes.INSTANCE);
    }

    @Test
    void oldBatchesReadWithTodaysClasses() throws IOException {
        EmbeddingBatch batch = (EmbeddingBatch) decode("batch.bin").getPayload();
        assertThat(batch.getModelId()).isEqualTo("golden");
        assertThat(batch.getSplit()).isEqualTo(Split.TEST);
        assertThat(batch.getRows()).isEqualTo(2);
        assertThat(FloatMatrix.toFloats(batch.getXa())).containsExactly(1f, 2f, 3f, 4f);
        assertThat(FloatMatrix.toFloats(batch.getXb())).containsExactly(-1f, 0.5f, 0f, 7f, 8f, 9f);
        assertThat(batch.getLabels()).containsExactly(0, 1);
    }

    @Test
    void oldMarkersAndPromptsReadWithDefaultsForNewFields() throws IOException {
        StepMarker marker = (StepMarker) decode("marker.bin").getPayload();
        assertThat(marker.getStep()).isEqualTo(3L);
        assertThat(marker.getIssuedBy()).isEqualTo("ops");

        ClassPrompts prompts = (ClassPrompts) decode("prompts.bin").getPayload();
        assertThat(prompts.getClassNames()).containsExactly("dog", "rain");
        assertThat(FloatMatrix.toFloats(prompts.getEmbeddings())).containsExactly(0.25f, -0.5f, 1f, 2f);
        assertThat(prompts.getFirstClass()).isZero();
        assertThat(prompts.getClassCount())
                .as("0 = the record holds every class")
                .isZero();
    }

    @Test
    void todaysSchemaIsABackwardCompatibleSuccessor() {
        assertThat(registry.testCompatibility("streambind.batches-value", StreamRecord.getClassSchema())
                        .compatible())
                .isTrue();
        assertThat(registry.register("streambind.batches-value", StreamRecord.getClassSchema()))
                .isEqualTo(2);
    }

    private StreamRecord decode(String name) throws IOException {
        return deserializer.deserialize("streambind.batches", resource(name).readAllBytes());
    }

    private static InputStream resource(String name) {
        return OldSchemaRecordsTest.class.getResourceAsStream("/golden/v1/" + name);
    }
}
