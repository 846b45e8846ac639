package io.streambind.schemas.topics;

import io.streambind.avro.ModelSnapshotChunk;
import io.streambind.avro.StepReport;
import io.streambind.avro.StreamRecord;
import io.streambind.schemas.registry.EmbeddedRegistryConfig;
import io.streambind.schemas.registry.SchemaRegistryClient;
import io.streambind.schemas.wire.AvroWireSerde;
import io.streambind.schemas.wire.DecodeLimits;
import io.streambind.schemas.wire.MatrixShapes;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.serialization.Serdes;

import java.util.List;
import java.util.Map;

/**
 * Every StreamBind topic with its key and value serdes. Keys are model ids (String); values are Avro in
 * the Confluent wire format, subjects named {@code <topic>-value}. Names can be overridden by config,
 * e.g. to run two demos on one cluster.
 */
public final class Topics {
    public static final String BATCHES_CONFIG = "streambind.topic.batches";
    private static final String BATCHES_DOC = "Input topic: StreamRecord (batches, step markers, class prompts) keyed by model id.";
    public static final String BATCHES_DEFAULT = "streambind.batches";

    public static final String REPORTS_CONFIG = "streambind.topic.reports";
    private static final String REPORTS_DOC = "StepReport per closed step, keyed by model id.";
    public static final String REPORTS_DEFAULT = "streambind.reports";

    public static final String MODELS_CONFIG = "streambind.topic.models";
    private static final String MODELS_DOC = "ModelSnapshotChunk records of versioned model snapshots, keyed by model id.";
    public static final String MODELS_DEFAULT = "streambind.models";

    public static final String DLQ_CONFIG = "streambind.topic.dlq";
    private static final String DLQ_DOC = "Dead letters: the original key and value bytes with DeadLetter headers.";
    public static final String DLQ_DEFAULT = "streambind.dlq";

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(BATCHES_CONFIG, Type.STRING, BATCHES_DEFAULT, new ConfigDef.NonEmptyString(), Importance.MEDIUM, BATCHES_DOC)
            .define(REPORTS_CONFIG, Type.STRING, REPORTS_DEFAULT, new ConfigDef.NonEmptyString(), Importance.MEDIUM, REPORTS_DOC)
            .define(MODELS_CONFIG, Type.STRING, MODELS_DEFAULT, new ConfigDef.NonEmptyString(), Importance.MEDIUM, MODELS_DOC)
            .define(DLQ_CONFIG, Type.STRING, DLQ_DEFAULT, new ConfigDef.NonEmptyString(), Importance.MEDIUM, DLQ_DOC);

    private final Topic<String, StreamRecord> batches;
    private final Topic<String, StepReport> reports;
    private final Topic<String, ModelSnapshotChunk> models;
    private final Topic<byte[], byte[]> deadLetters;
    private final String schemas;

    /**
     * @param props topic-name overrides, {@link DecodeLimits} keys and the registry's topic key; unknown keys are ignored
     */
    public Topics(Map<String, ?> props, SchemaRegistryClient registry) {
        AbstractConfig names = new AbstractConfig(CONFIG_DEF, props, false);
        DecodeLimits limits = DecodeLimits.fromConfig(props);
        this.batches = new Topic<>(names.getString(BATCHES_CONFIG), Serdes.String(),
                new AvroWireSerde<>(registry, StreamRecord.class, limits, MatrixShapes.INSTANCE));
        this.reports = new Topic<>(names.getString(REPORTS_CONFIG), Serdes.String(),
                new AvroWireSerde<>(registry, StepReport.class, limits));
        this.models = new Topic<>(names.getString(MODELS_CONFIG), Serdes.String(),
                new AvroWireSerde<>(registry, ModelSnapshotChunk.class, limits));
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

    /** The embedded registry's compacted schema topic. */
    public String schemas() {
        return schemas;
    }

    /** The application topics (not the schema topic), for creating them up front. */
    public List<String> applicationTopicNames() {
        return List.of(batches.name(), reports.name(), models.name(), deadLetters.name());
    }
}
