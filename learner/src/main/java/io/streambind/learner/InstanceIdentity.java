package io.streambind.learner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The learner's static group membership (Kafka's group.instance.id). A restarted static member takes its
 * partitions back as soon as it rejoins, while a dynamic one waits for its predecessor's session to expire
 * (45 s by default) and its models stay unowned meanwhile. The id must survive a restart of the same
 * instance and differ between instances, which is what a state directory is: Kafka Streams locks it to
 * one instance, and a restart on it resumes from its stores.
 */
public final class InstanceIdentity {
    /** The file under state.dir/application.id that keeps the id of an instance that was given none. */
    public static final String FILE_NAME = "streambind-instance-id";

    private InstanceIdentity() {}

    /**
     * Sets group.instance.id in the Kafka Streams properties unless they carry one already (in any of its
     * prefixed forms): {@code learner.instance.id} when set, else the id kept in the state directory, made
     * on first use. Kafka Streams suffixes it with each stream thread's index.
     */
    public static void apply(Properties props, LearnerConfig config) {
        if (hasGroupInstanceId(props)) {
            return;
        }
        String id = config.instanceId().isEmpty() ? kept(new StreamsConfig(props)) : config.instanceId();
        props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, id);
    }

    private static boolean hasGroupInstanceId(Properties props) {
        String key = ConsumerConfig.GROUP_INSTANCE_ID_CONFIG;
        return props.containsKey(key)
                || props.containsKey(StreamsConfig.consumerPrefix(key))
                || props.containsKey(StreamsConfig.mainConsumerPrefix(key));
    }

    /** The id kept in this application's state directory, written there the first time. */
    static String kept(StreamsConfig streams) {
        Path file = Path.of(
                streams.getString(StreamsConfig.STATE_DIR_CONFIG),
                streams.getString(StreamsConfig.APPLICATION_ID_CONFIG),
                FILE_NAME);
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).strip();
            }
            Files.createDirectories(file.getParent());
            String id = "learner-" + UUID.randomUUID();
            Path partial = Files.createTempFile(file.getParent(), FILE_NAME, ".tmp");
            Files.writeString(partial, id + "\n", StandardCharsets.UTF_8);
            try {
                // Without replacing: of two starts racing on one state dir, the later one reads the first one's id.
                Files.move(partial, file);
            } catch (FileAlreadyExistsException raced) {
                Files.delete(partial);
                return Files.readString(file, StandardCharsets.UTF_8).strip();
            }
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the learner's instance id in " + file, e);
        }
    }
}
