package io.streambind.schemas.topics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Creates the application topics that are missing, with the sizes the learner needs: records up to
 * {@code maxRecordBytes} on the batches topic (a 64 x 1024 pair batch is 512 KiB), and the same limit on
 * the snapshot topic whose chunks are at most 512 KiB plus provenance. Existing topics are left alone.
 */
public final class TopicProvisioner {
    private TopicProvisioner() {}

    /** @return the names of the topics it created */
    public static List<String> createMissing(
            Properties clientProps, Topics topics, int partitions, short replicationFactor, int maxRecordBytes) {
        String maxBytes = Integer.toString(maxRecordBytes);
        List<NewTopic> wanted = List.of(
                new NewTopic(topics.batches().name(), partitions, replicationFactor)
                        .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, maxBytes)),
                new NewTopic(topics.reports().name(), partitions, replicationFactor),
                new NewTopic(topics.models().name(), partitions, replicationFactor)
                        .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, maxBytes)),
                new NewTopic(topics.deadLetters().name(), partitions, replicationFactor)
                        .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, maxBytes)));
        try (Admin admin = Admin.create(clientProps)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing =
                    wanted.stream().filter(t -> !existing.contains(t.name())).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            }
            List<String> created = new ArrayList<>();
            missing.forEach(t -> created.add(t.name()));
            return created;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot create the StreamBind topics: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics", e);
        }
    }
}
