package io.streambind.schemas.registry;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.types.Password;

/**
 * Settings of {@link RestSchemaRegistryClient}. Key names follow Confluent's serializers so an existing
 * client configuration (Confluent Cloud, Redpanda, Karapace, Apicurio's ccompat API) works unchanged.
 */
public final class RegistryClientConfig extends AbstractConfig {

    public static final String URL_CONFIG = "schema.registry.url";
    private static final String URL_DOC = "Base URL of the registry, e.g. http://localhost:8081 or "
            + "https://host/apis/ccompat/v7 for Apicurio. With several comma-separated URLs the first is used.";

    public static final String BASIC_AUTH_USER_INFO_CONFIG = "basic.auth.user.info";
    private static final String BASIC_AUTH_USER_INFO_DOC =
            "user:password for HTTP basic authentication; empty for none.";

    public static final String REQUEST_TIMEOUT_MS_CONFIG = "schema.registry.request.timeout.ms";
    private static final String REQUEST_TIMEOUT_MS_DOC = "Connect and response timeout of one registry request.";
    public static final int REQUEST_TIMEOUT_MS_DEFAULT = 30_000;

    public static final String MISSING_ID_CACHE_TTL_SEC_CONFIG = "missing.id.cache.ttl.sec";
    private static final String MISSING_ID_CACHE_TTL_SEC_DOC = "How long a schema id the registry answered as unknown"
            + " (40403) is taken as unknown without asking again, so that records carrying an unknown id cost one registry"
            + " request per id per this period; an id registered meanwhile is found once it runs out. 0 asks every time.";
    public static final long MISSING_ID_CACHE_TTL_SEC_DEFAULT = 30;

    public static final String MISSING_CACHE_SIZE_CONFIG = "missing.cache.size";
    private static final String MISSING_CACHE_SIZE_DOC = "How many unknown schema ids are remembered at most; beyond it"
            + " the oldest is forgotten, so the memory stays bounded whatever ids records carry. 0 remembers none.";
    public static final int MISSING_CACHE_SIZE_DEFAULT = 10_000;

    public static final String TRUSTSTORE_LOCATION_CONFIG = "schema.registry.ssl.truststore.location";
    private static final String TRUSTSTORE_LOCATION_DOC =
            "Trust store for https URLs; empty for the JVM's default trust.";
    public static final String TRUSTSTORE_PASSWORD_CONFIG = "schema.registry.ssl.truststore.password";
    private static final String TRUSTSTORE_PASSWORD_DOC = "Password of the trust store.";
    public static final String TRUSTSTORE_TYPE_CONFIG = "schema.registry.ssl.truststore.type";
    private static final String TRUSTSTORE_TYPE_DOC = "Trust store type (PKCS12 or JKS).";
    public static final String KEYSTORE_LOCATION_CONFIG = "schema.registry.ssl.keystore.location";
    private static final String KEYSTORE_LOCATION_DOC =
            "Key store with a client certificate for mutual TLS; empty for none.";
    public static final String KEYSTORE_PASSWORD_CONFIG = "schema.registry.ssl.keystore.password";
    private static final String KEYSTORE_PASSWORD_DOC = "Password of the key store and its key.";
    public static final String KEYSTORE_TYPE_CONFIG = "schema.registry.ssl.keystore.type";
    private static final String KEYSTORE_TYPE_DOC = "Key store type (PKCS12 or JKS).";
    public static final String STORE_TYPE_DEFAULT = "PKCS12";

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(
                    URL_CONFIG,
                    Type.STRING,
                    ConfigDef.NO_DEFAULT_VALUE,
                    new ConfigDef.NonEmptyString(),
                    Importance.HIGH,
                    URL_DOC)
            .define(BASIC_AUTH_USER_INFO_CONFIG, Type.PASSWORD, "", Importance.MEDIUM, BASIC_AUTH_USER_INFO_DOC)
            .define(
                    REQUEST_TIMEOUT_MS_CONFIG,
                    Type.INT,
                    REQUEST_TIMEOUT_MS_DEFAULT,
                    ConfigDef.Range.atLeast(1),
                    Importance.LOW,
                    REQUEST_TIMEOUT_MS_DOC)
            .define(
                    MISSING_ID_CACHE_TTL_SEC_CONFIG,
                    Type.LONG,
                    MISSING_ID_CACHE_TTL_SEC_DEFAULT,
                    ConfigDef.Range.atLeast(0),
                    Importance.LOW,
                    MISSING_ID_CACHE_TTL_SEC_DOC)
            .define(
                    MISSING_CACHE_SIZE_CONFIG,
                    Type.INT,
                    MISSING_CACHE_SIZE_DEFAULT,
                    ConfigDef.Range.atLeast(0),
                    Importance.LOW,
                    MISSING_CACHE_SIZE_DOC)
            .define(TRUSTSTORE_LOCATION_CONFIG, Type.STRING, "", Importance.MEDIUM, TRUSTSTORE_LOCATION_DOC)
            .define(TRUSTSTORE_PASSWORD_CONFIG, Type.PASSWORD, "", Importance.MEDIUM, TRUSTSTORE_PASSWORD_DOC)
            .define(TRUSTSTORE_TYPE_CONFIG, Type.STRING, STORE_TYPE_DEFAULT, Importance.LOW, TRUSTSTORE_TYPE_DOC)
            .define(KEYSTORE_LOCATION_CONFIG, Type.STRING, "", Importance.LOW, KEYSTORE_LOCATION_DOC)
            .define(KEYSTORE_PASSWORD_CONFIG, Type.PASSWORD, "", Importance.LOW, KEYSTORE_PASSWORD_DOC)
            .define(KEYSTORE_TYPE_CONFIG, Type.STRING, STORE_TYPE_DEFAULT, Importance.LOW, KEYSTORE_TYPE_DOC);

    public RegistryClientConfig(Map<String, ?> props) {
        super(CONFIG_DEF, props, false);
    }

    public String baseUrl() {
        String first = getString(URL_CONFIG).split(",")[0].trim();
        return first.endsWith("/") ? first.substring(0, first.length() - 1) : first;
    }

    public String userInfo() {
        return getPassword(BASIC_AUTH_USER_INFO_CONFIG).value();
    }

    public int requestTimeoutMs() {
        return getInt(REQUEST_TIMEOUT_MS_CONFIG);
    }

    public Duration missingIdCacheTtl() {
        return Duration.ofSeconds(getLong(MISSING_ID_CACHE_TTL_SEC_CONFIG));
    }

    public int missingCacheSize() {
        return getInt(MISSING_CACHE_SIZE_CONFIG);
    }

    String password(String key) {
        Password password = getPassword(key);
        return password.value();
    }
}
