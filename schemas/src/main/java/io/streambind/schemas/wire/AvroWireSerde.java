package io.streambind.schemas.wire;

import io.streambind.schemas.registry.SchemaRegistryClient;
import io.streambind.schemas.registry.SubjectNameStrategy;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;

/** {@link AvroWireSerializer} and {@link AvroWireDeserializer} of one record type, for Kafka Streams. */
public final class AvroWireSerde<T extends SpecificRecord> implements Serde<T> {
    private final AvroWireSerializer<T> serializer;
    private final AvroWireDeserializer<T> deserializer;

    public AvroWireSerde(
            SchemaRegistryClient registry,
            Class<T> type,
            DecodeLimits limits,
            RecordCheck<? super T> check,
            SerializerConfig serializerConfig) {
        this.serializer = new AvroWireSerializer<>(registry, SubjectNameStrategy.TOPIC_NAME, false, serializerConfig);
        this.deserializer = new AvroWireDeserializer<>(registry, type, limits, check);
    }

    public AvroWireSerde(
            SchemaRegistryClient registry, Class<T> type, DecodeLimits limits, RecordCheck<? super T> check) {
        this(registry, type, limits, check, SerializerConfig.DEFAULTS);
    }

    public AvroWireSerde(SchemaRegistryClient registry, Class<T> type, DecodeLimits limits) {
        this(registry, type, limits, RecordCheck.none());
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        serializer.configure(configs, isKey);
    }

    @Override
    public AvroWireSerializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }
}
