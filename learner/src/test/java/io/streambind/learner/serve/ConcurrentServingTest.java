package io.streambind.learner.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streambind.avro.EmbeddingBatch;
import io.streambind.avro.Split;
import io.streambind.core.model.ContinualModel;
import io.streambind.learner.LearnerConfig;
import io.streambind.learner.LearnerDriver;
import io.streambind.learner.SyntheticBatches;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Eight clients embed through the HTTP server while the learner trains the same model (a snapshot after
 * every batch, so the served model changes under them): every answer must equal the single-threaded
 * embedding of the snapshot it names (version and batchesSeen).
 */
class ConcurrentServingTest {
    private static final String MODEL = "served";
    private static final int CLIENTS = 8;
    private static final int WIDTH = 24;
    private static final int BATCHES = 24;
    private static final int BATCHES_PER_STEP = 6;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path stateDir;

    /** One answer as a client got it. */
    private record Answer(int probe, String snapshot, JsonNode vectors) {}

    @Test
    void eightClientsGetTheSingleThreadedAnswerOfTheSnapshotTheyAreTold() throws Exception {
        List<float[]> probes = probes();
        Map<String, List<JsonNode>> expected = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
        AtomicLong retried = new AtomicLong();
        AtomicBoolean training = new AtomicBoolean(true);
        ServingSettings settings = new ServingSettings(4, 64, Duration.ofSeconds(30), 64, 1 << 20, 8);
        try (LearnerDriver learner =
                        LearnerDriver.fromSettings(stateDir, Map.of(LearnerConfig.SNAPSHOT_INTERVAL_BATCHES, "1"));
                LearnerHttpServer http = LearnerHttpServer.start(
                        "127.0.0.1", 0, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), settings)) {
            http.attach(
                    new DriverModelStores(learner, new HostInfo("127.0.0.1", http.port())),
                    new HostInfo("127.0.0.1", http.port()));
            train(learner, 0, probes, expected);
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            try {
                List<Future<?>> running = new ArrayList<>();
                for (int c = 0; c < CLIENTS; c++) {
                    int client = c;
                    running.add(clients.submit(() -> {
                        embedUntilTrained(http.port(), probes, client, training, answers, retried);
                        return null;
                    }));
                }
                for (int b = 1; b < BATCHES; b++) {
                    train(learner, b, probes, expected);
                    Thread.sleep(50); // let the clients meet every snapshot
                }
                training.set(false);
                for (Future<?> client : running) {
                    client.get(120, TimeUnit.SECONDS);
                }
            } finally {
                clients.shutdownNow();
            }
        }
        long wrong = answers.stream()
                .filter(a -> !expected.containsKey(a.snapshot())
                        || !expected.get(a.snapshot()).get(a.probe()).equals(a.vectors()))
                .count();
        long snapshots = answers.stream().map(Answer::snapshot).distinct().count();
        System.out.printf(
                "concurrent serving: %d clients, %d embed requests served while training (%d snapshots met,"
                        + " %d answered 503 and retried), %d wrong answers%n",
                CLIENTS, answers.size(), snapshots, retried.get(), wrong);
        assertThat(wrong).isZero();
        assertThat(answers.size()).isGreaterThan(CLIENTS * 20);
        assertThat(snapshots).as("the served model changed under the clients").isGreaterThan(3);
    }

    private static void embedUntilTrained(
            int port,
            List<float[]> probes,
            int client,
            AtomicBoolean training,
            ConcurrentLinkedQueue<Answer> answers,
            AtomicLong retried)
            throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI embed = URI.create("http://127.0.0.1:" + port + "/models/" + MODEL + "/embed");
        for (int i = client; training.get(); i++) {
            int probe = i % probes.size();
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(embed)
                            .timeout(Duration.ofSeconds(60))
                            .POST(HttpRequest.BodyPublishers.ofString(body(probe, probes.get(probe))))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 503) {
                assertThat(response.headers().firstValue("Retry-After")).isPresent();
                retried.incrementAndGet();
                continue;
            }
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode reply = JSON.readTree(response.body());
            answers.add(new Answer(
                    probe,
                    snapshot(
                            reply.path("version").asLong(),
                            reply.path("batchesSeen").asLong()),
                    reply.get("vectors")));
        }
    }

    /** The single-threaded answers of the snapshot the store holds now, through the server's JSON writer. */
    private static void record(LearnerDriver learner, List<float[]> probes, Map<String, List<JsonNode>> expected)
            throws Exception {
        ContinualModel model = learner.storedModel(MODEL);
        List<JsonNode> answers = new ArrayList<>();
        for (int i = 0; i < probes.size(); i++) {
            float[] x = probes.get(i);
            int rows = x.length / WIDTH;
            float[] y = model.embed(modality(i), x, rows);
            int out = y.length / rows;
            float[][] vectors = new float[rows][];
            for (int r = 0; r < rows; r++) {
                vectors[r] = Arrays.copyOfRange(y, r * out, (r + 1) * out);
            }
            answers.add(JSON.readTree(JSON.writeValueAsString(vectors)));
        }
        expected.put(snapshot(model.step(), model.batchesSeen()), answers);
    }

    /** The snapshot an answer names: its version (step) and the batches trained into it. */
    private static String snapshot(long version, long batchesSeen) {
        return version + "/" + batchesSeen;
    }

    /** One batch, and a step end after every few; each writes a snapshot, recorded before the next one. */
    private static void train(
            LearnerDriver learner, int batch, List<float[]> probes, Map<String, List<JsonNode>> expected)
            throws Exception {
        EmbeddingBatch b = SyntheticBatches.batch(MODEL, "b" + batch, Split.TRAIN, 16, WIDTH, batch);
        send(learner, b);
        record(learner, probes, expected);
        if ((batch + 1) % BATCHES_PER_STEP == 0) {
            send(learner, SyntheticBatches.marker(MODEL, batch / BATCHES_PER_STEP));
            record(learner, probes, expected);
        }
    }

    private static void send(LearnerDriver learner, Object payload) {
        learner.sendRaw(
                MODEL.getBytes(StandardCharsets.UTF_8),
                learner.topics
                        .batches()
                        .valueSerde()
                        .serializer()
                        .serialize(learner.topics.batches().name(), SyntheticBatches.wrap(payload)));
    }

    /**
     * Probes of 1 to 9 rows on both modalities, so concurrent calls differ in shape; values that come back
     * the same from their JSON text, so the expected answers embed exactly what the server reads.
     */
    private static List<float[]> probes() {
        Random random = new Random(11);
        List<float[]> probes = new ArrayList<>();
        for (int rows = 1; rows <= 9; rows++) {
            float[] x = new float[rows * WIDTH];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) Double.parseDouble(Float.toString((float) random.nextGaussian()));
            }
            probes.add(x);
        }
        return probes;
    }

    private static String modality(int probe) {
        return probe % 2 == 0 ? SyntheticBatches.VISION : SyntheticBatches.TEXT;
    }

    private static String body(int probe, float[] x) {
        StringBuilder json =
                new StringBuilder("{\"modality\":\"").append(modality(probe)).append("\",\"vectors\":[");
        for (int r = 0; r < x.length / WIDTH; r++) {
            json.append(r == 0 ? "[" : ",[");
            for (int j = 0; j < WIDTH; j++) {
                json.append(j == 0 ? "" : ",").append(x[r * WIDTH + j]);
            }
            json.append(']');
        }
        return json.append("]}").toString();
    }
}
