package io.streambind.learner.reliability;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** How far a consumer group (the learner's application.id) has committed on a topic, and what it lags. */
final class GroupProgress {
    private GroupProgress() {}

    /** Sum of the group's committed offsets on the topic (records consumed and committed). */
    static long committed(Admin admin, String group, String topic) throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get();
        long sum = 0;
        for (Map.Entry<TopicPartition, OffsetAndMetadata> entry : offsets.entrySet()) {
            if (entry.getKey().topic().equals(topic) && entry.getValue() != null) {
                sum += entry.getValue().offset();
            }
        }
        return sum;
    }

    /** Sum of the topic's end offsets (every record ever written, markers of transactions included). */
    static long end(Admin admin, String topic, int partitions) throws ExecutionException, InterruptedException {
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

    /** Waits until the group committed past {@code baseline}; false when it did not within the timeout. */
    static boolean awaitCommittedBeyond(Admin admin, String group, String topic, long baseline, long timeoutMillis)
            throws ExecutionException, InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            if (committed(admin, group, topic) > baseline) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }
}
