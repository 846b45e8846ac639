package io.streambind.schemas.wire;

import io.streambind.schemas.registry.CompatibilityChecker;
import io.streambind.schemas.registry.SchemaRegistryClient;
import io.streambind.schemas.registry.SchemaRegistryException;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent wire-format records into the generated class {@code T}: the writer schema is looked up
 * by the id in the header and resolved against {@code T}'s schema, so records written with an evolved
 * schema still read. Every length the bytes declare is checked before anything is allocated
 * ({@link AvroBodyScanner}), and each record passes the given {@link RecordCheck}. Bad bytes give a
 * {@link WireFormatException} subtype (an id the registry answers with 40403 is an
 * {@link UnknownSchemaIdException}); registry outages give a {@link SchemaRegistryException}, and a
 * registry URL that leads to no registry a {@link io.streambind.schemas.registry.RegistryConfigurationException}:
 * neither is about the record, so neither is a {@link WireFormatException}.
 */
public final class AvroWireDeserializer<T extends SpecificRecord> implements Deserializer<T> {
    private final SchemaRegistryClient registry;
    private final Schema readerSchema;
    private final SpecificData data;
    private final DecodeLimits limits;
    private final RecordCheck<? super T> check;
    private final Map<Integer, Resolved<T>> resolvedByWriterId = new ConcurrentHashMap<>();
    private final ThreadLocal<BinaryDecoder> decoders = new ThreadLocal<>();

    public AvroWireDeserializer(
            SchemaRegistryClient registry, Class<T> type, DecodeLimits limits, RecordCheck<? super T> check) {
        this.registry = registry;
        this.data = SpecificData.getForClass(type);
        this.readerSchema = data.getSchema(type);
        this.limits = limits;
        this.check = check;
    }

    @Override
    public T deserialize(String topic, byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        int schemaId = ConfluentWireFormat.readSchemaId(bytes, limits);
        Resolved<T> resolved = resolvedByWriterId.get(schemaId);
        if (resolved == null) {
            resolved = resolve(schemaId);
            resolvedByWriterId.putIfAbsent(schemaId, resolved);
        }
        int bodyLength = bytes.length - ConfluentWireFormat.HEADER_BYTES;
        AvroBodyScanner.check(resolved.writer(), bytes, ConfluentWireFormat.HEADER_BYTES, bodyLength, limits);
        BinaryDecoder decoder =
                DecoderFactory.get().binaryDecoder(bytes, ConfluentWireFormat.HEADER_BYTES, bodyLength, decoders.get());
        decoders.set(decoder);
        T record;
        try {
            record = resolved.reader().read(null, decoder);
        } catch (IOException | RuntimeException e) {
            throw new MalformedAvroException(
                    "Cannot decode " + readerSchema.getFullName() + " (writer schema id " + schemaId + ") from topic "
                            + topic + ": " + e,
                    e);
        }
        check.check(record, limits);
        return record;
    }

    private Resolved<T> resolve(int schemaId) {
        Schema writer = writerSchema(schemaId);
        return new Resolved<>(writer, newReader(schemaId, writer));
    }

    private Schema writerSchema(int schemaId) {
        try {
            return registry.schemaById(schemaId);
        } catch (SchemaRegistryException e) {
            if (e.errorCode() == SchemaRegistryException.SCHEMA_NOT_FOUND) {
                throw new UnknownSchemaIdException(
                        "schema id " + schemaId + " is unknown to the registry: " + e.registryMessage(), e);
            }
            throw e;
        }
    }

    private DatumReader<T> newReader(int schemaId, Schema writer) {
        List<String> problems = CompatibilityChecker.problems(readerSchema, writer);
        if (!problems.isEmpty()) {
            throw new IncompatibleWriterSchemaException("writer schema id " + schemaId + " (" + writer.getFullName()
                    + ") cannot be read as " + readerSchema.getFullName() + ": " + String.join("; ", problems));
        }
        return new SpecificDatumReader<>(writer, readerSchema, data);
    }

    private record Resolved<T>(Schema writer, DatumReader<T> reader) {}
}
