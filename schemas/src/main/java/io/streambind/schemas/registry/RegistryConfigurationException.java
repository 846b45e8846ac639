package io.streambind.schemas.registry;

import org.apache.kafka.common.config.ConfigException;

/**
 * {@code schema.registry.url} does not lead to a schema registry: a request answered 404 without one
 * of the registry's own not-found codes (the URL points at another HTTP server, or its path prefix is
 * wrong), or a lookup by id answered "subject not found". Every record would fail the same way, so
 * this is neither an unknown schema id nor a passing outage: it is not a
 * {@link org.apache.kafka.common.errors.SerializationException} (records are not dead-lettered for it)
 * nor a {@link SchemaRegistryException} (callers that ride out registry outages do not catch it).
 */
public final class RegistryConfigurationException extends ConfigException {
    public RegistryConfigurationException(String url, String reason) {
        super(RegistryClientConfig.URL_CONFIG, url, reason);
    }
}
