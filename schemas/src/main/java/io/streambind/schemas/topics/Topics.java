package io.streambind.schemas.topics;

import io.streambind.avro.ModelSnapshotChunk;
import io.streambind.avro.StepReport;
import io.streambind.avro.StreamRecord;
import io.streambind.schemas.registry.EmbeddedRegistryConfig;
import io.streambind.schemas.registry.SchemaRegistryClient;
import io.streambind.schemas.wire.AvroWireSerde;
import io.streambind.schemas.wire.DecodeLimits;
import io.streambind.schemas.wire.MatrixShapes;
import io.streambind.schemas.wire.RecordCheck;
import io.streambind.schemas.wire.SerializerConfig;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Every StreamBind topic with its key and value serdes. Keys are model ids (String); values are Avro in
 * the Confluent wire format, subjects named {@code <topic>-value}. Names can be overridden by config,
 * e.g. to run two demos on one cluster.
 */
public final class Topics {
    public static final String BATCHES_CONFIG = "streambind.topic.batches";
    private static final String BATCHES_DOC =
            "Input topic: StreamRecord (batches, step markers, class prompts) keyed by model id.";
    public static final String BATCHES_DEFAULT = "streambind.batches";

    public static final String REPORTS_CONFIG = "streambind.topic.reports";
    private static final String REPORTS_DOC = "StepReport per closed step, keyed by model id.";
    public static final String REPORTS_DEFAULT = "streambind.reports";

    public static final String MODELS_CONFIG = "streambind.topic.models";
    private static final String MODELS_DOC =
            "ModelSnapshotChunk records of versioned model snapshots, keyed by model id.";
    public static final String MODELS_DEFAULT = "streambind.models";

    public static final String DLQ_CONFIG = "streambind.topic.dlq";
    private static final String DLQ_DOC = "Dead letters: the original key and value bytes with DeadLetter headers.";
    public static final String DLQ_DEFAULT = "streambind.dlq";

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(
                    BATCHES_CONFIG,
                    Type.STRING,
                    BATCHES_DEFAULT,
                    new ConfigDef.NonEmptyString(),
                    Importance.MEDIUM,
                    BATCHES_DOC)
            .define(
                    REPORTS_CONFIG,
                    Type.STRING,
                    REPORTS_DEFAULT,
                    new ConfigDef.NonEmptyString(),
                    Importance.MEDIUM,
                    REPORTS_DOC)
            .define(
                    MODELS_CONFIG,
                    Type.STRING,
                    MODELS_DEFAULT,
                    new ConfigDef.NonEmptyString(),
                    Importance.MEDIUM,
                    MODELS_DOC)
            .define(DLQ_CONFIG, Type.STRING, DLQ_DEFAULT, new ConfigDef.NonEmptyString(), Importance.MEDIUM, DLQ_DOC);

    private final Topic<String, StreamRecord> batches;
    private final Topic<String, StepReport> reports;
    private final Topic<String, ModelSnapshotChunk> models;
    private final Topic<byte[], byte[]> deadLetters;
    private final String schemas;
    private final boolean autoRegisterSchemas;
    private final AvroWireSerde<StepReport> reportsSerde;
    private final AvroWireSerde<ModelSnapshotChunk> modelsSerde;

    /**
     * @param props topic-name overrides, {@link DecodeLimits} and {@link SerializerConfig} keys and the registry's
     *     topic key; unknown keys are ignored
     */
    public Topics(Map<String, ?> props, SchemaRegistryClient registry) {
        AbstractConfig names = new AbstractConfig(CONFIG_DEF, props, false);
        DecodeLimits limits = DecodeLimits.fromConfig(props);
        SerializerConfig serializer = SerializerConfig.fromConfig(props);
        this.batches = new Topic<>(
                names.getString(BATCHES_CONFIG),
                Serdes.String(),
                new AvroWireSerde<>(registry, StreamRecord.class, limits, MatrixShapes.INSTANCE, serializer));
        this.autoRegisterSchemas = serializer.autoRegisterSchemas();
        this.reportsSerde = new AvroWireSerde<>(registry, StepReport.class, limits, RecordCheck.none(), serializer);
        this.reports = new Topic<>(names.getString(REPORTS_CONFIG), Serdes.String(), reportsSerde);
        this.modelsSerde =
                new AvroWireSerde<>(registry, ModelSnapshotChunk.class, limits, RecordCheck.none(), serializer);
        this.models = new Topic<>(names.getString(MODELS_CONFIG), Serdes.String(), modelsSerde);
        this.deadLetters = new Topic<>(names.getString(DLQ_CONFIG), Serdes.ByteArray(), Serdes.ByteArray());
        Object schemasOverride = props.get(EmbeddedRegistryConfig.TOPIC_CONFIG);
        this.schemas = schemasOverride == null ? EmbeddedRegistryConfig.TOPIC_DEFAULT : schemasOverride.toString();
    }

    public Topic<String, StreamRecord> batches() {
        return batches;
    }

    public Topic<String, StepReport> reports() {
        return reports;
    }

    public Topic<String, ModelSnapshotChunk> models() {
        return models;
    }

    public Topic<byte[], byte[]> deadLetters() {
        return deadLetters;
    }

    /**
     * With {@code auto.register.schemas} false, looks up the schemas of the learner's outputs (reports,
     * models) now, so that a missing one fails the start, naming its subject, rather than every step end.
     *
     * @throws org.apache.kafka.common.errors.SerializationException when a schema is not registered
     * @throws io.streambind.schemas.registry.SchemaRegistryException when the registry does not answer
     */
    public void requireOutputSchemasRegistered() {
        if (!autoRegisterSchemas) {
            reportsSerde.serializer().schemaId(reports.name(), StepReport.getClassSchema());
            modelsSerde.serializer().schemaId(models.name(), ModelSnapshotChunk.getClassSchema());
        }
    }

    /** The embedded registry's compacted schema topic. */
    public String schemas() {
        return schemas;
    }

    /** The application topics (not the schema topic), for creating them up front. */
    public List<String> applicationTopicNames() {
        return List.of(batches.name(), reports.name(), models.name(), deadLetters.name());
    }
}
