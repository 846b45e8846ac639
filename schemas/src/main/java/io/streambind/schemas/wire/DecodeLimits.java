package io.streambind.schemas.wire;

import static org.apache.kafka.common.config.ConfigDef.Range.atLeast;

import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * Bounds a decoder enforces before it allocates anything a record declares, so hostile or corrupt
 * bytes give a typed {@link WireFormatException} instead of an OutOfMemoryError or a hang.
 */
public record DecodeLimits(int maxRecordBytes, int maxCollectionItems, long maxMatrixElements, int maxNestingDepth) {

    public static final String MAX_RECORD_BYTES_CONFIG = "streambind.decode.max.record.bytes";
    private static final String MAX_RECORD_BYTES_DOC =
            "Largest serialized record (header + Avro body) a deserializer accepts.";
    /** Two 1024 x 1024 float32 matrices plus headroom. */
    public static final int MAX_RECORD_BYTES_DEFAULT = 16 * 1024 * 1024;

    public static final String MAX_COLLECTION_ITEMS_CONFIG = "streambind.decode.max.collection.items";
    private static final String MAX_COLLECTION_ITEMS_DOC =
            "Most items one Avro array or map may declare (summed over its blocks).";
    public static final int MAX_COLLECTION_ITEMS_DEFAULT = 1 << 20;

    public static final String MAX_MATRIX_ELEMENTS_CONFIG = "streambind.decode.max.matrix.elements";
    private static final String MAX_MATRIX_ELEMENTS_DOC = "Most rows x width one embedding matrix may declare.";
    /** 4096 rows of width 1024, i.e. 16 MiB of float32. */
    public static final long MAX_MATRIX_ELEMENTS_DEFAULT = 4096L * 1024;

    public static final String MAX_NESTING_DEPTH_CONFIG = "streambind.decode.max.nesting.depth";
    private static final String MAX_NESTING_DEPTH_DOC =
            "Deepest nesting of records, arrays, maps and unions a record may have.";
    public static final int MAX_NESTING_DEPTH_DEFAULT = 64;

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(
                    MAX_RECORD_BYTES_CONFIG,
                    Type.INT,
                    MAX_RECORD_BYTES_DEFAULT,
                    atLeast(5),
                    Importance.MEDIUM,
                    MAX_RECORD_BYTES_DOC)
            .define(
                    MAX_COLLECTION_ITEMS_CONFIG,
                    Type.INT,
                    MAX_COLLECTION_ITEMS_DEFAULT,
                    atLeast(0),
                    Importance.LOW,
                    MAX_COLLECTION_ITEMS_DOC)
            .define(
                    MAX_MATRIX_ELEMENTS_CONFIG,
                    Type.LONG,
                    MAX_MATRIX_ELEMENTS_DEFAULT,
                    atLeast(0),
                    Importance.MEDIUM,
                    MAX_MATRIX_ELEMENTS_DOC)
            .define(
                    MAX_NESTING_DEPTH_CONFIG,
                    Type.INT,
                    MAX_NESTING_DEPTH_DEFAULT,
                    atLeast(1),
                    Importance.LOW,
                    MAX_NESTING_DEPTH_DOC);

    public static final DecodeLimits DEFAULTS = fromConfig(Map.of());

    public DecodeLimits {
        if (maxRecordBytes < 5 || maxCollectionItems < 0 || maxMatrixElements < 0 || maxNestingDepth < 1) {
            throw new IllegalArgumentException("decode limits out of range: " + maxRecordBytes + ", "
                    + maxCollectionItems + ", " + maxMatrixElements + ", " + maxNestingDepth);
        }
    }

    /** Reads the limits from client-style properties; unknown keys are ignored, missing keys take the defaults. */
    public static DecodeLimits fromConfig(Map<String, ?> props) {
        AbstractConfig config = new AbstractConfig(CONFIG_DEF, props, false);
        return new DecodeLimits(
                config.getInt(MAX_RECORD_BYTES_CONFIG),
                config.getInt(MAX_COLLECTION_ITEMS_CONFIG),
                config.getLong(MAX_MATRIX_ELEMENTS_CONFIG),
                config.getInt(MAX_NESTING_DEPTH_CONFIG));
    }
}
