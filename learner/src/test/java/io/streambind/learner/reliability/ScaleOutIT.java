package io.streambind.learner.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streambind.avro.StreamRecord;
import io.streambind.core.model.ContinualModel;
import io.streambind.learner.LearnerApp;
import io.streambind.learner.SyntheticBatches;
import io.streambind.learner.state.Manifest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two learner instances (one application.id) share four models on four partitions: both get
 * models, instance A's embed endpoint answers for a model B holds (forwarded), and closing B moves
 * its models to A without losing a batch (state bit-identical to offline).
 */
class ScaleOutIT {
    private static final int PARTITIONS = 4;

    @TempDir
    Path root;

    @Test
    void twoInstancesShareFourModelsAndOneTakesOverWithoutLoss() throws Exception {
        Workload workload = new Workload(modelsOnDistinctPartitions(), 4, 3, 64, 32);
        String applicationId = "scale-out";
        try (ReliabilityCluster cluster = ReliabilityCluster.start(root.resolve("kafka"), PARTITIONS);
                KafkaProducer<String, StreamRecord> producer = cluster.producer();
                LearnerApp a = Learners.start(cluster.learnerSettings(applicationId, root.resolve("state-a")))) {
            LearnerApp b = Learners.start(cluster.learnerSettings(applicationId, root.resolve("state-b")));
            try {
                awaitBothAssigned(a, b);
                produce(producer, cluster.topics().batches().name(), workload, 0, 2);
                Set<String> onA = new TreeSet<>();
                Set<String> onB = new TreeSet<>();
                awaitOwners(a, b, workload, 2, onA, onB);
                System.out.printf("scale-out IT: instance A holds %s, instance B holds %s%n", onA, onB);
                assertThat(onA).as("models on A").isNotEmpty();
                assertThat(onB).as("models on B").isNotEmpty();

                String remote = onB.iterator().next();
                ContinualModel expected = new Workload(
                                workload.models(), 2, workload.batchesPerStep(), workload.rows(), workload.width())
                        .offline()
                        .get(remote);
                assertEmbedAnsweredVia(a.httpPort(), remote, expected, workload.width());
            } finally {
                b.close();
            }
            produce(producer, cluster.topics().batches().name(), workload, 2, workload.steps());
            Outcomes.assertSameState(
                    StoredModels.awaitSteps(a.streams(), workload.models(), workload.steps(), Duration.ofSeconds(180)),
                    workload);
            Outcomes.assertReportsExactlyOnce(
                    cluster.readAll(
                            cluster.topics().reports().name(),
                            cluster.topics().reports().valueSerde().deserializer(),
                            Duration.ofSeconds(2)),
                    workload);
            System.out.println("scale-out IT: after B left, A holds all 4 models; state bit-identical to offline");
        }
    }

    /** Four model ids the default partitioner puts on four different partitions. */
    private static List<String> modelsOnDistinctPartitions() {
        List<String> models = new ArrayList<>();
        Set<Integer> used = new TreeSet<>();
        for (int i = 0; models.size() < PARTITIONS; i++) {
            String id = "model-" + i;
            int partition = Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
            if (used.add(partition)) {
                models.add(id);
            }
        }
        return models;
    }

    private static void awaitBothAssigned(LearnerApp a, LearnerApp b) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (activeTasks(a) > 0
                    && activeTasks(b) > 0
                    && activeTasks(a) + activeTasks(b) == PARTITIONS
                    && a.streams().state() == org.apache.kafka.streams.KafkaStreams.State.RUNNING
                    && b.streams().state() == org.apache.kafka.streams.KafkaStreams.State.RUNNING) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("tasks not spread over both instances: A " + activeTasks(a) + ", B " + activeTasks(b));
    }

    private static int activeTasks(LearnerApp app) {
        return app.streams().metadataForLocalThreads().stream()
                .mapToInt(t -> t.activeTasks().size())
                .sum();
    }

    private static void awaitOwners(
            LearnerApp a, LearnerApp b, Workload workload, long steps, Set<String> onA, Set<String> onB)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            onA.clear();
            onB.clear();
            for (String model : workload.models()) {
                if (reached(a, model, steps)) {
                    onA.add(model);
                } else if (reached(b, model, steps)) {
                    onB.add(model);
                }
            }
            if (onA.size() + onB.size() == workload.models().size()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("not every model reached step " + steps + ": A " + onA + ", B " + onB);
    }

    private static boolean reached(LearnerApp app, String model, long steps) {
        Manifest manifest = StoredModels.manifest(app.streams(), model);
        return manifest != null && manifest.step >= steps;
    }

    private static void assertEmbedAnsweredVia(int port, String model, ContinualModel expected, int width)
            throws Exception {
        float[] x = new float[width];
        StringBuilder body = new StringBuilder("{\"modality\":\"text\",\"vectors\":[[");
        for (int c = 0; c < width; c++) {
            x[c] = 0.02f * c - 0.3f;
            body.append(c == 0 ? "" : ",").append(x[c]);
        }
        body.append("]]}");
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/models/" + model + "/embed"))
                                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode vector =
                new ObjectMapper().readTree(response.body()).get("vectors").get(0);
        float[] want = expected.embed(SyntheticBatches.TEXT, x, 1);
        assertThat(vector.size()).isEqualTo(want.length);
        for (int c = 0; c < want.length; c++) {
            assertThat(vector.get(c).floatValue()).isEqualTo(want[c]);
        }
        System.out.printf(
                "scale-out IT: embed for %s (held by B) answered through A's port %d, %d values equal offline%n",
                model, port, want.length);
    }

    private static void produce(
            KafkaProducer<String, StreamRecord> producer, String topic, Workload workload, int fromStep, int toStep) {
        for (int step = fromStep; step < toStep; step++) {
            for (Workload.Item item : workload.step(step)) {
                producer.send(new ProducerRecord<>(topic, item.modelId(), SyntheticBatches.wrap(item.payload())));
            }
        }
        producer.flush();
    }
}
