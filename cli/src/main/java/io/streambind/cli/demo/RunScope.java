package io.streambind.cli.demo;

import io.streambind.schemas.registry.RestSchemaRegistryClient;
import io.streambind.schemas.registry.SchemaRegistryClient;
import io.streambind.schemas.topics.Topics;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;

/**
 * A run on a cluster that others use: topics with a prefix of its own and an application id of its own,
 * so that it touches nothing else, and the removal of its topics, consumer group and schema subjects
 * afterwards.
 */
final class RunScope {
    private final Properties cluster;
    private final String id;

    private RunScope(Properties cluster, String id) {
        this.cluster = cluster;
        this.id = id;
    }

    static RunScope on(Properties cluster) {
        return new RunScope(
                cluster, "streambind-bench-" + UUID.randomUUID().toString().substring(0, 8));
    }

    /** Every topic of the run starts with it: the four StreamBind topics and the learner's internal ones. */
    String prefix() {
        return id;
    }

    String applicationId() {
        return id;
    }

    /** The cluster's settings with this run's topic names. */
    Properties clientProperties() {
        Properties props = new Properties();
        props.putAll(cluster);
        props.put(Topics.BATCHES_CONFIG, id + ".batches");
        props.put(Topics.REPORTS_CONFIG, id + ".reports");
        props.put(Topics.MODELS_CONFIG, id + ".models");
        props.put(Topics.DLQ_CONFIG, id + ".dlq");
        return props;
    }

    /**
     * Deletes the run's topics (its own and the learner's changelogs), the learner's consumer group, and
     * the subjects of the run's topics (a soft delete, as Confluent's registry does: schemas stay readable
     * by id).
     */
    void remove() {
        deleteTopics();
        SchemaRegistryClient registry = new RestSchemaRegistryClient(Demo.toMap(cluster));
        registry.subjects().stream().filter(subject -> subject.startsWith(id)).forEach(registry::deleteSubject);
    }

    private void deleteTopics() {
        try (Admin admin = Admin.create(cluster)) {
            List<String> ours = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                    .filter(name -> name.startsWith(id))
                    .toList();
            admin.deleteTopics(ours).all().get(60, TimeUnit.SECONDS);
            admin.deleteConsumerGroups(List.of(id)).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot remove the topics of run " + id + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while removing the topics of run " + id, e);
        }
    }
}
