package io.streambind.schemas.wire;

import io.streambind.schemas.registry.SchemaRegistryClient;
import io.streambind.schemas.registry.SubjectNameStrategy;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes Avro specific records in the Confluent wire format, registering the record's schema under
 * its subject on first use. Thread-safe (a producer may serialize from several threads); each thread
 * reuses its own output buffer and encoder.
 */
public final class AvroWireSerializer<T extends SpecificRecord> implements Serializer<T> {
    private final SchemaRegistryClient registry;
    private final SubjectNameStrategy subjects;
    private volatile boolean isKey;
    private final Map<Schema, Map<String, Integer>> idsBySchemaAndTopic = new ConcurrentHashMap<>();
    private final Map<Schema, DatumWriter<T>> writers = new ConcurrentHashMap<>();
    private final ThreadLocal<Encoding> encodings = ThreadLocal.withInitial(Encoding::new);

    public AvroWireSerializer(SchemaRegistryClient registry, SubjectNameStrategy subjects, boolean isKey) {
        this.registry = registry;
        this.subjects = subjects;
        this.isKey = isKey;
    }

    /** Only {@code isKey} is taken from Kafka's configure call; the registry client comes from the constructor. */
    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.isKey = isKey;
    }

    @Override
    public byte[] serialize(String topic, T record) {
        if (record == null) {
            return null;
        }
        Schema schema = record.getSchema();
        int schemaId = idsBySchemaAndTopic.computeIfAbsent(schema, s -> new ConcurrentHashMap<>())
                .computeIfAbsent(topic, t -> registry.register(subjects.subject(t, isKey, schema), schema));
        DatumWriter<T> writer = writers.computeIfAbsent(schema, SpecificDatumWriter::new);
        Encoding encoding = encodings.get();
        encoding.output.reset();
        encoding.output.writeHeader(schemaId);
        try {
            encoding.encoder = EncoderFactory.get().binaryEncoder(encoding.output, encoding.encoder);
            writer.write(record, encoding.encoder);
            encoding.encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Cannot serialize " + schema.getFullName() + " for topic " + topic + ": " + e, e);
        }
        return encoding.output.toByteArray();
    }

    private static final class Encoding {
        final GrowableByteOutput output = new GrowableByteOutput();
        BinaryEncoder encoder;
    }
}
