package io.streambind.cli.demo;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;

/** Bytes on the brokers' disks of every Kafka Streams changelog topic (names end in {@code -changelog}). */
final class ChangelogSize {
  private ChangelogSize() {}

  static long bytes(Properties clientProps) {
    try (Admin admin = Admin.create(clientProps)) {
      var brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).stream().map(Node::id).toList();
      long total = 0;
      for (Map<String, LogDirDescription> dirs : admin.describeLogDirs(brokers).allDescriptions().get(30, TimeUnit.SECONDS).values()) {
        for (LogDirDescription dir : dirs.values()) {
          for (Map.Entry<TopicPartition, ReplicaInfo> replica : dir.replicaInfos().entrySet()) {
            if (replica.getKey().topic().endsWith("-changelog")) {
              total += replica.getValue().size();
            }
          }
        }
      }
      return total;
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot read the changelog sizes: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
