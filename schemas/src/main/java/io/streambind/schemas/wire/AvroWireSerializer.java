package io.streambind.schemas.wire;

import io.streambind.schemas.registry.SchemaRegistryClient;
import io.streambind.schemas.registry.SchemaRegistryException;
import io.streambind.schemas.registry.SubjectNameStrategy;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro specific records in the Confluent wire format, registering the record's schema under
 * its subject on first use, or looking its id up there when auto-registration is off. Thread-safe (a producer may serialize from several threads); each thread
 * reuses its own output buffer and encoder.
 */
public final class AvroWireSerializer<T extends SpecificRecord> implements Serializer<T> {
    private final SchemaRegistryClient registry;
    private final SubjectNameStrategy subjects;
    private final boolean autoRegister;
    private volatile boolean isKey;
    private final Map<Schema, Map<String, Integer>> idsBySchemaAndTopic = new ConcurrentHashMap<>();
    private final Map<Schema, DatumWriter<T>> writers = new ConcurrentHashMap<>();
    private final ThreadLocal<Encoding> encodings = ThreadLocal.withInitial(Encoding::new);

    public AvroWireSerializer(SchemaRegistryClient registry, SubjectNameStrategy subjects, boolean isKey) {
        this(registry, subjects, isKey, SerializerConfig.DEFAULTS);
    }

    public AvroWireSerializer(
            SchemaRegistryClient registry, SubjectNameStrategy subjects, boolean isKey, SerializerConfig config) {
        this.registry = registry;
        this.subjects = subjects;
        this.isKey = isKey;
        this.autoRegister = config.autoRegisterSchemas();
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
        int schemaId = schemaId(topic, schema);
        DatumWriter<T> writer = writers.computeIfAbsent(schema, SpecificDatumWriter::new);
        Encoding encoding = encodings.get();
        encoding.output.reset();
        encoding.output.writeHeader(schemaId);
        try {
            encoding.encoder = EncoderFactory.get().binaryEncoder(encoding.output, encoding.encoder);
            writer.write(record, encoding.encoder);
            encoding.encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException(
                    "Cannot serialize " + schema.getFullName() + " for topic " + topic + ": " + e, e);
        }
        return encoding.output.toByteArray();
    }

    /**
     * The id records of {@code schema} carry on {@code topic}, registered or looked up on first use as
     * configured; a lookup that finds nothing throws {@link SerializationException} naming the subject.
     */
    public int schemaId(String topic, Schema schema) {
        return idsBySchemaAndTopic
                .computeIfAbsent(schema, s -> new ConcurrentHashMap<>())
                .computeIfAbsent(topic, t -> resolve(subjects.subject(t, isKey, schema), schema));
    }

    private int resolve(String subject, Schema schema) {
        if (autoRegister) {
            return registry.register(subject, schema);
        }
        try {
            return registry.lookup(subject, schema).id();
        } catch (SchemaRegistryException e) {
            if (e.errorCode() == SchemaRegistryException.SUBJECT_NOT_FOUND
                    || e.errorCode() == SchemaRegistryException.SCHEMA_NOT_FOUND) {
                throw new SerializationException(
                        "Schema " + schema.getFullName() + " is not registered under subject '"
                                + subject + "', and " + SerializerConfig.AUTO_REGISTER_SCHEMAS_CONFIG
                                + " is false: register it"
                                + " first (" + e.registryMessage() + ")",
                        e);
            }
            throw e;
        }
    }

    private static final class Encoding {
        final GrowableByteOutput output = new GrowableByteOutput();
        BinaryEncoder encoder;
    }
}
