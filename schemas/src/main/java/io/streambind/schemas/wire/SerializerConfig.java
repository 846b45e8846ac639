package io.streambind.schemas.wire;

import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/** Settings of {@link AvroWireSerializer}, under the key names of Confluent's serializers. */
public record SerializerConfig(boolean autoRegisterSchemas) {

    public static final String AUTO_REGISTER_SCHEMAS_CONFIG = "auto.register.schemas";
    private static final String AUTO_REGISTER_SCHEMAS_DOC = "Whether a serializer registers a record's schema under its"
            + " subject on first use. false, for registries where only a deployment pipeline may register: the schema"
            + " must already be a version of the subject, and is looked up instead (POST /subjects/{subject}); a record"
            + " whose schema is not fails to serialize, naming the subject.";
    public static final boolean AUTO_REGISTER_SCHEMAS_DEFAULT = true;

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(
                    AUTO_REGISTER_SCHEMAS_CONFIG,
                    Type.BOOLEAN,
                    AUTO_REGISTER_SCHEMAS_DEFAULT,
                    Importance.MEDIUM,
                    AUTO_REGISTER_SCHEMAS_DOC);

    public static final SerializerConfig DEFAULTS = new SerializerConfig(AUTO_REGISTER_SCHEMAS_DEFAULT);

    /** Reads the keys above from {@code props}; other keys are ignored. */
    public static SerializerConfig fromConfig(Map<String, ?> props) {
        AbstractConfig config = new AbstractConfig(CONFIG_DEF, props, false);
        return new SerializerConfig(config.getBoolean(AUTO_REGISTER_SCHEMAS_CONFIG));
    }
}
