package io.streambind.cli.demo;

import io.streambind.embedded.EmbeddedKafka;
import io.streambind.embedded.EmbeddedKafkaConfig;
import io.streambind.schemas.registry.EmbeddedSchemaRegistry;
import io.streambind.schemas.registry.RegistryClientConfig;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;

/** The single-machine default: an in-process KRaft broker and the embedded schema registry on loopback. */
public final class EmbeddedStack implements AutoCloseable {
    private final EmbeddedKafka kafka;
    private final EmbeddedSchemaRegistry registry;

    private EmbeddedStack(EmbeddedKafka kafka, EmbeddedSchemaRegistry registry) {
        this.kafka = kafka;
        this.registry = registry;
    }

    public static EmbeddedStack start(Path dataDir) {
        EmbeddedKafka kafka =
                EmbeddedKafka.start(EmbeddedKafkaConfig.builder(dataDir).build());
        try {
            return new EmbeddedStack(kafka, EmbeddedSchemaRegistry.start(kafka.bootstrapServers()));
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public String registryUrl() {
        return registry.url();
    }

    public long brokerStartupMillis() {
        return kafka.startupMillis();
    }

    public long registryStartupMillis() {
        return registry.startupMillis();
    }

    /** Bootstrap servers and registry URL, the settings every client of the stack needs. */
    public Properties clientProperties() {
        Properties props = new Properties();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(RegistryClientConfig.URL_CONFIG, registryUrl());
        return props;
    }

    @Override
    public void close() {
        try {
            registry.close();
        } finally {
            kafka.close();
        }
    }
}
