package io.streambind.schemas.it;

import io.streambind.schemas.registry.EmbeddedSchemaRegistry;
import io.streambind.schemas.registry.RestSchemaRegistryClient;
import io.streambind.schemas.topics.Topics;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/** The same round trip against a containerized Apache Kafka broker; skipped where no Docker engine runs. */
@Testcontainers(disabledWithoutDocker = true)
class ContainerRoundTripIT {
    /** Same version as the clients by default; {@code -Dstreambind.it.kafka.image=...} picks another. */
    @Container
    static final KafkaContainer KAFKA =
            new KafkaContainer(System.getProperty("streambind.it.kafka.image", "apache/kafka:4.3.1"));

    @Test
    void everyRecordTypeRoundTripsThroughAContainerizedBroker() throws Exception {
        try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(KAFKA.getBootstrapServers())) {
            Topics topics = new Topics(Map.of(), RestSchemaRegistryClient.forUrl(registry.url()));
            RoundTrip.everyRecordType(KAFKA.getBootstrapServers(), topics);
        }
    }
}
