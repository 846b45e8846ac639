package io.streambind.learner.state;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams sets a changelog's topic configs only when it creates the topic, so the changelogs of
 * a deployment older than {@code learner.changelog.segment.bytes} (or started with another value) keep
 * their segment size, and with the broker's 1 GiB segments compaction never bounds a restore. At start
 * the learner sets {@code segment.bytes} of its existing changelogs to the configured value. Denied or
 * unanswered, it warns and starts anyway: the segment size costs restore time, never correctness.
 */
public final class ChangelogSegments {
    private static final Logger log = LoggerFactory.getLogger(ChangelogSegments.class);

    private ChangelogSegments() {}

    /** The changelog topic of each store of {@code applicationId}. */
    public static List<String> topics(String applicationId) {
        return StoreNames.ALL.stream()
                .map(store -> applicationId + "-" + store + "-changelog")
                .toList();
    }

    /**
     * Sets {@code segment.bytes} to {@code segmentBytes} on each existing changelog of {@code applicationId}
     * where it differs; returns the topics changed. Topics not yet created are left to Kafka Streams.
     */
    public static List<String> align(Admin admin, String applicationId, int segmentBytes, Duration timeout) {
        try {
            Map<ConfigResource, Config> configs = existing(admin, topics(applicationId), timeout);
            Map<ConfigResource, Collection<AlterConfigOp>> changes = new HashMap<>();
            List<String> changed = new ArrayList<>();
            String wanted = Integer.toString(segmentBytes);
            configs.forEach((topic, config) -> {
                ConfigEntry entry = config.get(TopicConfig.SEGMENT_BYTES_CONFIG);
                String current = entry == null ? null : entry.value();
                if (!wanted.equals(current)) {
                    changes.put(
                            topic,
                            List.of(new AlterConfigOp(
                                    new ConfigEntry(TopicConfig.SEGMENT_BYTES_CONFIG, wanted),
                                    AlterConfigOp.OpType.SET)));
                    changed.add(topic.name());
                    log.info("Changelog {}: segment.bytes {} -> {}", topic.name(), current, wanted);
                }
            });
            if (!changes.isEmpty()) {
                admin.incrementalAlterConfigs(changes).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
            return changed;
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            log.warn(
                    "Cannot set segment.bytes={} on the changelogs of {}; they keep their segment size: {}",
                    segmentBytes,
                    applicationId,
                    e.getCause() == null ? e.toString() : e.getCause().toString());
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    /** The configs of those of {@code names} that exist. */
    private static Map<ConfigResource, Config> existing(Admin admin, List<String> names, Duration timeout)
            throws ExecutionException, TimeoutException, InterruptedException {
        Map<ConfigResource, Config> configs = new HashMap<>();
        var futures = admin.describeConfigs(names.stream()
                        .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name))
                        .toList())
                .values();
        long deadline = System.nanoTime() + timeout.toNanos();
        for (var future : futures.entrySet()) {
            try {
                configs.put(
                        future.getKey(),
                        future.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
            }
        }
        return configs;
    }
}
