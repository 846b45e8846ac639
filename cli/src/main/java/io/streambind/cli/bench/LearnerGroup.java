package io.streambind.cli.bench;

import io.streambind.cli.Stopwatch;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/** The learners' consumer group on the batches topic, as the admin client sees it: its members and its progress. */
final class LearnerGroup {
    private final Admin admin;
    private final String applicationId;
    private final String topic;
    private final int partitions;

    LearnerGroup(Admin admin, String applicationId, String topic, int partitions) {
        this.admin = admin;
        this.applicationId = applicationId;
        this.topic = topic;
        this.partitions = partitions;
    }

    String applicationId() {
        return applicationId;
    }

    /** Waits until the group is stable with {@code members} members, each with tasks; returns their partitions by instance id. */
    Map<String, Set<TopicPartition>> awaitMembers(int members, Duration timeout) throws Exception {
        Stopwatch waiting = Stopwatch.start();
        while (!waiting.exceeded(timeout)) {
            ConsumerGroupDescription group = describe();
            if (group != null
                    && group.members().size() == members
                    && group.groupState() == GroupState.STABLE
                    && group.members().stream()
                            .allMatch(m -> !m.assignment().topicPartitions().isEmpty())) {
                Map<String, Set<TopicPartition>> assignment = new HashMap<>();
                for (MemberDescription member : group.members()) {
                    assignment.put(
                            member.groupInstanceId().orElse(""),
                            member.assignment().topicPartitions());
                }
                return assignment;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the learners' group did not settle on " + members + " members");
    }

    private ConsumerGroupDescription describe() throws InterruptedException, ExecutionException {
        try {
            return admin.describeConsumerGroups(List.of(applicationId))
                    .all()
                    .get()
                    .get(applicationId);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return null;
            }
            throw e;
        }
    }

    /** The group's committed offsets on the topic, summed over its partitions. */
    long committed() throws InterruptedException, ExecutionException {
        long sum = 0;
        for (Map.Entry<TopicPartition, OffsetAndMetadata> entry : admin.listConsumerGroupOffsets(applicationId)
                .partitionsToOffsetAndMetadata()
                .get()
                .entrySet()) {
            if (entry.getKey().topic().equals(topic) && entry.getValue() != null) {
                sum += entry.getValue().offset();
            }
        }
        return sum;
    }

    /** The topic's end offsets, summed over its partitions. */
    long endOffsets() throws InterruptedException, ExecutionException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            request.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        long sum = 0;
        for (var info : admin.listOffsets(request).all().get().values()) {
            sum += info.offset();
        }
        return sum;
    }
}
