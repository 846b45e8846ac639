package io.streambind.schemas.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambind.embedded.EmbeddedKafka;
import io.streambind.schemas.registry.InMemorySchemaRegistryClient;
import io.streambind.schemas.topics.TopicProvisioner;
import io.streambind.schemas.topics.Topics;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopicProvisionerIT {
    @TempDir
    Path dataDir;

    @Test
    void createsMissingTopicsWithTheRecordLimitAndLeavesExistingOnesAlone() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dataDir)) {
            Properties props = new Properties();
            props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            Topics topics =
                    new Topics(Map.of(Topics.BATCHES_CONFIG, "custom.batches"), new InMemorySchemaRegistryClient());

            assertThat(TopicProvisioner.createMissing(props, topics, 3, (short) 1, 2_000_000))
                    .containsExactlyInAnyOrderElementsOf(topics.applicationTopicNames());
            assertThat(TopicProvisioner.createMissing(props, topics, 3, (short) 1, 2_000_000))
                    .isEmpty();

            try (Admin admin = Admin.create(props)) {
                TopicDescription batches = admin.describeTopics(java.util.List.of("custom.batches"))
                        .allTopicNames()
                        .get(30, TimeUnit.SECONDS)
                        .get("custom.batches");
                assertThat(batches.partitions()).hasSize(3);
                ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "custom.batches");
                Config config = admin.describeConfigs(java.util.List.of(resource))
                        .all()
                        .get(30, TimeUnit.SECONDS)
                        .get(resource);
                assertThat(config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG).value())
                        .isEqualTo("2000000");
            }
        }
    }
}
