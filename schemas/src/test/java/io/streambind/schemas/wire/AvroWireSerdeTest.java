package io.streambind.schemas.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streambind.avro.EmbeddingBatch;
import io.streambind.avro.ModelSnapshotChunk;
import io.streambind.avro.StepReport;
import io.streambind.avro.StreamRecord;
import io.streambind.schemas.SampleRecords;
import io.streambind.schemas.codec.FloatMatrix;
import io.streambind.schemas.registry.CompatibilityLevel;
import io.streambind.schemas.registry.InMemorySchemaRegistryClient;
import io.streambind.schemas.registry.SchemaRegistryClient;
import io.streambind.schemas.registry.SubjectNameStrategy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class AvroWireSerdeTest {
    private final SchemaRegistryClient registry = new InMemorySchemaRegistryClient();

    @Test
    void writesMagicByteBigEndianIdAndAvroBinary() {
        registry.register("other-value", StepReport.getClassSchema()); // takes id 1, so the chunk gets id 2
        AvroWireSerializer<ModelSnapshotChunk> serializer =
                new AvroWireSerializer<>(registry, SubjectNameStrategy.TOPIC_NAME, false);

        byte[] bytes = serializer.serialize("streambind.models", SampleRecords.chunk());

        byte[] expected = {
            0,
            0,
            0,
            0,
            2, // magic, schema id 2 big-endian
            4,
            'm',
            '1', // modelId "m1": length 2, zig-zag 4
            6, // version 3 -> zig-zag 6
            0, // chunkIndex 0
            2, // chunkCount 1 -> 2
            20,
            '{',
            '"',
            's',
            't',
            'e',
            'p',
            '"',
            ':',
            '3',
            '}', // provenance, 10 chars -> 20
            10,
            1,
            2,
            3,
            4,
            5 // data, 5 bytes -> 10
        };
        assertThat(bytes).containsExactly(expected);
        assertThat(registry.latestVersion("streambind.models-value").id()).isEqualTo(2);
    }

    @Test
    void withoutAutoRegistrationTheIdIsLookedUpAndNothingIsRegistered() {
        registry.register("other-value", StepReport.getClassSchema());
        int id = registry.register("streambind.models-value", ModelSnapshotChunk.getClassSchema());
        AvroWireSerializer<ModelSnapshotChunk> serializer =
                new AvroWireSerializer<>(registry, SubjectNameStrategy.TOPIC_NAME, false, new SerializerConfig(false));

        byte[] bytes = serializer.serialize("streambind.models", SampleRecords.chunk());

        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(id).isEqualTo(2);
        assertThat(registry.subjects()).containsExactly("other-value", "streambind.models-value");
        assertThat(registry.versions("streambind.models-value")).containsExactly(1);
    }

    @Test
    void withoutAutoRegistrationAnUnregisteredSchemaFailsNamingItsSubject() {
        AvroWireSerializer<ModelSnapshotChunk> serializer =
                new AvroWireSerializer<>(registry, SubjectNameStrategy.TOPIC_NAME, false, new SerializerConfig(false));

        assertThatThrownBy(() -> serializer.serialize("streambind.models", SampleRecords.chunk()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("not registered under subject 'streambind.models-value'")
                .hasMessageContaining("auto.register.schemas is false");
        registry.register("streambind.models-value", StepReport.getClassSchema());
        assertThatThrownBy(() -> serializer.serialize("streambind.models", SampleRecords.chunk()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Schema not found");
        assertThat(registry.versions("streambind.models-value")).containsExactly(1);

        // a failed lookup is not cached: once the pipeline registers the schema, the same serializer finds it
        registry.setCompatibility("streambind.models-value", CompatibilityLevel.NONE);
        int id = registry.register("streambind.models-value", ModelSnapshotChunk.getClassSchema());
        assertThat(ByteBuffer.wrap(serializer.serialize("streambind.models", SampleRecords.chunk()), 1, 4)
                        .getInt())
                .isEqualTo(id);
    }

    @Test
    void autoRegistrationIsOnByDefaultAndReadFromConfluentsKey() {
        assertThat(SerializerConfig.fromConfig(java.util.Map.of()).autoRegisterSchemas())
                .isTrue();
        assertThat(SerializerConfig.fromConfig(java.util.Map.of("auto.register.schemas", "false"))
                        .autoRegisterSchemas())
                .isFalse();
    }

    @Test
    void keySubjectsEndInKey() {
        AvroWireSerializer<ModelSnapshotChunk> serializer =
                new AvroWireSerializer<>(registry, SubjectNameStrategy.TOPIC_NAME, false);
        serializer.configure(java.util.Map.of(), true);
        serializer.serialize("t", SampleRecords.chunk());
        assertThat(registry.subjects()).containsExactly("t-key");
    }

    @Test
    void roundTripsEveryRecordType() {
        assertRoundTrip(StreamRecord.class, SampleRecords.batchRecord(8, 16, 4), MatrixShapes.INSTANCE);
        assertRoundTrip(
                StreamRecord.class, new StreamRecord(SampleRecords.batch(3, 2, 2, false)), MatrixShapes.INSTANCE);
        assertRoundTrip(StreamRecord.class, SampleRecords.markerRecord(), MatrixShapes.INSTANCE);
        assertRoundTrip(StreamRecord.class, SampleRecords.promptsRecord(), MatrixShapes.INSTANCE);
        assertRoundTrip(StepReport.class, SampleRecords.report(), RecordCheck.none());
        assertRoundTrip(ModelSnapshotChunk.class, SampleRecords.chunk(), RecordCheck.none());
    }

    @Test
    void decodedMatricesAreBitExact() {
        StreamRecord record = SampleRecords.batchRecord(64, 32, 16);
        AvroWireSerde<StreamRecord> serde =
                new AvroWireSerde<>(registry, StreamRecord.class, DecodeLimits.DEFAULTS, MatrixShapes.INSTANCE);
        StreamRecord back =
                serde.deserializer().deserialize("b", serde.serializer().serialize("b", record));
        EmbeddingBatch batch = (EmbeddingBatch) back.getPayload();
        assertThat(FloatMatrix.toFloats(batch.getXa(), 64, 32)).containsExactly(SampleRecords.randomFloats(64 * 32, 1));
        assertThat(FloatMatrix.toFloats(batch.getXb(), 64, 16)).containsExactly(SampleRecords.randomFloats(64 * 16, 2));
    }

    @Test
    void oldReaderReadsRecordsOfAnEvolvedWriterSchema() throws IOException {
        Schema evolved = withOptionalNote(ModelSnapshotChunk.getClassSchema());
        int evolvedId = registry.register("streambind.models-value", evolved);
        GenericRecord written = new GenericData.Record(evolved);
        ModelSnapshotChunk chunk = SampleRecords.chunk();
        for (Schema.Field field : ModelSnapshotChunk.getClassSchema().getFields()) {
            written.put(field.name(), chunk.get(field.pos()));
        }
        written.put("note", "written by v2");

        byte[] bytes = frame(evolvedId, evolved, written);
        ModelSnapshotChunk read = new AvroWireDeserializer<>(
                        registry, ModelSnapshotChunk.class, DecodeLimits.DEFAULTS, RecordCheck.none())
                .deserialize("streambind.models", bytes);

        assertThat(read).isEqualTo(chunk);
    }

    @Test
    void evolvedReaderReadsRecordsOfTheOldWriterSchemaWithTheDefault() throws IOException {
        byte[] bytes = new AvroWireSerializer<ModelSnapshotChunk>(registry, SubjectNameStrategy.TOPIC_NAME, false)
                .serialize("streambind.models", SampleRecords.chunk());
        Schema evolved = withOptionalNote(ModelSnapshotChunk.getClassSchema());
        int writerId = ConfluentWireFormat.readSchemaId(bytes, DecodeLimits.DEFAULTS);

        GenericRecord read = new GenericDatumReader<GenericRecord>(registry.schemaById(writerId), evolved)
                .read(null, DecoderFactory.get().binaryDecoder(bytes, 5, bytes.length - 5, null));

        assertThat(read.get("note")).isNull();
        assertThat(read.get("modelId").toString()).isEqualTo("m1");
        assertThat(read.get("version")).isEqualTo(3L);
        assertThat(read.get("data")).isEqualTo(ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5}));
    }

    @Test
    void aWriterSchemaTheReaderCannotResolveIsATypedError() throws IOException {
        Schema clashing = new Schema.Parser()
                .parse(
                        "{\"type\":\"record\",\"name\":\"ModelSnapshotChunk\",\"namespace\":\"io.streambind.avro\","
                                + "\"fields\":[{\"name\":\"modelId\",\"type\":\"string\"},{\"name\":\"version\",\"type\":\"string\"}]}");
        int id = registry.register("elsewhere-value", clashing);
        GenericRecord written = new GenericData.Record(clashing);
        written.put("modelId", "m1");
        written.put("version", "three");

        assertThatThrownBy(() -> new AvroWireDeserializer<>(
                                registry, ModelSnapshotChunk.class, DecodeLimits.DEFAULTS, RecordCheck.none())
                        .deserialize("t", frame(id, clashing, written)))
                .isInstanceOf(IncompatibleWriterSchemaException.class)
                .hasMessageContaining("writer schema id " + id)
                .hasMessageContaining("version");
    }

    static Schema withOptionalNote(Schema schema) {
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field field : schema.getFields()) {
            fields.add(new Schema.Field(field, field.schema()));
        }
        fields.add(new Schema.Field(
                "note",
                Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING)),
                "Added in v2.",
                Schema.Field.NULL_DEFAULT_VALUE));
        return Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), false, fields);
    }

    static byte[] frame(int schemaId, Schema schema, GenericRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {
            0, (byte) (schemaId >>> 24), (byte) (schemaId >>> 16), (byte) (schemaId >>> 8), (byte) schemaId
        });
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private <T extends SpecificRecord> void assertRoundTrip(Class<T> type, T record, RecordCheck<? super T> check) {
        AvroWireSerde<T> serde = new AvroWireSerde<>(registry, type, DecodeLimits.DEFAULTS, check);
        byte[] bytes = serde.serializer().serialize("topic-" + type.getSimpleName(), record);
        assertThat(bytes[0]).isZero();
        assertThat(serde.deserializer().deserialize("topic-" + type.getSimpleName(), bytes))
                .isEqualTo(record);
    }
}
