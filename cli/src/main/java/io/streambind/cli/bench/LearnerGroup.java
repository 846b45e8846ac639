package io.streambind.cli.bench;

import io.streambind.cli.Stopwatch;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.TransactionalIdNotFoundException;

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

    /**
     * The transactional id of a member's stream thread: Kafka Streams names it after the process id that it
     * also puts in the thread consumer's client id ({@code <application.id>-<process id>-StreamThread-1-consumer}).
     */
    String transactionalId(String memberInstanceId) throws InterruptedException, ExecutionException {
        ConsumerGroupDescription group = describe();
        for (MemberDescription member : group == null ? List.<MemberDescription>of() : group.members()) {
            if (member.groupInstanceId().orElse("").equals(memberInstanceId)) {
                String clientId = member.clientId();
                return clientId.substring(0, clientId.indexOf("-StreamThread-")) + "-1";
            }
        }
        throw new IllegalStateException(memberInstanceId + " is not a member of " + applicationId);
    }

    /** Whether the transaction of this transactional id is open (begun, neither committed nor aborted). */
    boolean transactionOpen(String transactionalId) throws InterruptedException, ExecutionException {
        return openTransaction(transactionalId).isPresent();
    }

    /** How long the transaction of this transactional id has been open, in milliseconds; empty when none is. */
    OptionalLong openFor(String transactionalId) throws InterruptedException, ExecutionException {
        return openTransaction(transactionalId)
                .map(open -> open.transactionStartTimeMs().stream()
                        .map(start -> System.currentTimeMillis() - start)
                        .findFirst())
                .orElse(OptionalLong.empty());
    }

    private Optional<TransactionDescription> openTransaction(String transactionalId)
            throws InterruptedException, ExecutionException {
        try {
            TransactionDescription description = admin.describeTransactions(List.of(transactionalId))
                    .description(transactionalId)
                    .get();
            return description.state() == TransactionState.ONGOING ? Optional.of(description) : Optional.empty();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TransactionalIdNotFoundException) {
                return Optional.empty();
            }
            throw e;
        }
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
