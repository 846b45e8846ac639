package io.streambind.cli;

import io.streambind.schemas.registry.RegistryClientConfig;
import io.streambind.schemas.registry.RestSchemaRegistryClient;
import io.streambind.schemas.registry.SchemaRegistryClient;
import io.streambind.schemas.topics.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import picocli.CommandLine.Option;

/**
 * Where the cluster and the registry are, shared by every command that talks to Kafka. Settings of
 * {@code --config} (SASL/SSL, topic-name overrides, registry auth) reach every client.
 */
public final class ConnectionOptions {
    @Option(
            names = "--bootstrap",
            defaultValue = "127.0.0.1:9092",
            description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
    String bootstrap;

    @Option(
            names = "--registry",
            defaultValue = "http://127.0.0.1:8081",
            description = "Schema registry URL (default: ${DEFAULT-VALUE}).")
    String registry;

    @Option(
            names = "--config",
            description =
                    "Properties file passed to every Kafka and registry client (security.protocol, sasl.*, ssl.*, topic names).")
    Path configFile;

    /** Client properties: the config file, then the bootstrap servers and registry URL given here. */
    public Properties clientProperties() {
        Properties props = new Properties();
        if (configFile != null) {
            try (InputStream in = Files.newInputStream(configFile)) {
                props.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read --config " + configFile, e);
            }
        }
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(RegistryClientConfig.URL_CONFIG, registry);
        return props;
    }

    public Map<String, Object> clientConfig() {
        Map<String, Object> config = new HashMap<>();
        clientProperties().forEach((k, v) -> config.put(k.toString(), v));
        return config;
    }

    public SchemaRegistryClient registryClient() {
        return new RestSchemaRegistryClient(clientConfig());
    }

    public Topics topics() {
        return new Topics(clientConfig(), registryClient());
    }
}
