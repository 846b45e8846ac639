package io.streambind.learner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Static membership ids: kept per state directory, given by learner.instance.id, or left as the user set them. */
class InstanceIdentityTest {
    @TempDir
    Path root;

    @Test
    void anInstanceKeepsItsIdAcrossRestartsOnOneStateDirectoryAndInstancesDiffer() {
        String first = groupInstanceId(
                Map.of(StreamsConfig.STATE_DIR_CONFIG, root.resolve("a").toString()));
        String restarted = groupInstanceId(
                Map.of(StreamsConfig.STATE_DIR_CONFIG, root.resolve("a").toString()));
        String other = groupInstanceId(
                Map.of(StreamsConfig.STATE_DIR_CONFIG, root.resolve("b").toString()));
        assertThat(first)
                .startsWith("learner-")
                .endsWith("-1")
                .isEqualTo(restarted)
                .isNotEqualTo(other);
        assertThat(root.resolve("a")
                        .resolve(LearnerStreamsConfig.DEFAULT_APPLICATION_ID)
                        .resolve(InstanceIdentity.FILE_NAME))
                .exists();
    }

    @Test
    void kafkaStreamsGivesEachStreamThreadItsOwnMemberOfTheInstance() {
        Properties props = properties(
                Map.of(StreamsConfig.STATE_DIR_CONFIG, root.toString(), LearnerConfig.INSTANCE_ID, "learner-7"));
        StreamsConfig streams = new StreamsConfig(props);
        assertThat(streams.getMainConsumerConfigs("group", "client", 1).get(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG))
                .isEqualTo("learner-7-1");
        assertThat(streams.getMainConsumerConfigs("group", "client", 2).get(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG))
                .isEqualTo("learner-7-2");
        assertThat(root.resolve(LearnerStreamsConfig.DEFAULT_APPLICATION_ID).resolve(InstanceIdentity.FILE_NAME))
                .doesNotExist();
    }

    @Test
    void aGroupInstanceIdAmongTheKafkaSettingsIsUsedAsItIs() {
        assertThat(groupInstanceId(Map.of(
                        StreamsConfig.STATE_DIR_CONFIG,
                        root.toString(),
                        "main.consumer." + ConsumerConfig.GROUP_INSTANCE_ID_CONFIG,
                        "mine")))
                .isEqualTo("mine-1");
    }

    /** The id of the first stream thread's main consumer. */
    private static String groupInstanceId(Map<String, String> settings) {
        return (String) new StreamsConfig(properties(settings))
                .getMainConsumerConfigs("group", "client", 1)
                .get(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
    }

    private static Properties properties(Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(extra);
        settings.put("bootstrap.servers", "broker:9092");
        Properties props = LearnerStreamsConfig.properties(settings, "127.0.0.1", 8080);
        InstanceIdentity.apply(props, new LearnerConfig(settings));
        return props;
    }
}
