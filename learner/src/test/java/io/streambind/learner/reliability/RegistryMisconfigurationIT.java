package io.streambind.learner.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.streambind.avro.StreamRecord;
import io.streambind.learner.LearnerApp;
import io.streambind.learner.SyntheticBatches;
import io.streambind.schemas.registry.RegistryClientConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The learner's registry URL points at an HTTP server that is no schema registry (it answers every
 * request with a 404 page): the learner stops instead of dead-lettering every valid record and
 * committing past it; started again with the right URL it trains those same records from the start.
 */
class RegistryMisconfigurationIT {
    private static final String APPLICATION_ID = "misconfigured-registry";

    @TempDir
    Path root;

    @Test
    void aRegistryUrlThatLeadsToNoRegistryStopsTheLearnerBeforeItCommitsAnything() throws Exception {
        Workload workload = new Workload(List.of("alpha"), 2, 2, 8, 16);
        AtomicInteger pagesServed = new AtomicInteger();
        HttpServer notARegistry = notFoundPages(pagesServed);
        try (ReliabilityCluster cluster = ReliabilityCluster.start(root.resolve("kafka"), 1);
                KafkaProducer<String, StreamRecord> producer = cluster.producer();
                Admin admin = cluster.admin()) {
            String batches = cluster.topics().batches().name();
            int records = 0;
            for (int step = 0; step < workload.steps(); step++) {
                for (Workload.Item item : workload.step(step)) {
                    producer.send(new ProducerRecord<>(batches, item.modelId(), SyntheticBatches.wrap(item.payload())));
                    records++;
                }
            }
            producer.flush();

            Map<String, String> settings = cluster.learnerSettings(APPLICATION_ID, root.resolve("state"));
            String wrongUrl = "http://127.0.0.1:" + notARegistry.getAddress().getPort() + "/registry";
            settings.put(RegistryClientConfig.URL_CONFIG, wrongUrl);
            long begin = System.nanoTime();
            try (LearnerApp learner = Learners.start(settings)) {
                awaitState(learner.streams(), KafkaStreams.State.ERROR, Duration.ofSeconds(120));
            }
            double stopSeconds = (System.nanoTime() - begin) / 1e9;
            assertThat(pagesServed.get()).as("the learner asked the wrong URL").isPositive();
            assertThat(GroupProgress.committed(admin, APPLICATION_ID, batches))
                    .as("offsets committed")
                    .isZero();
            assertThat(cluster.readAll(
                            cluster.topics().deadLetters().name(), new ByteArrayDeserializer(), Duration.ofSeconds(2)))
                    .as("dead letters")
                    .isEmpty();

            settings.put(RegistryClientConfig.URL_CONFIG, cluster.registryUrl());
            try (LearnerApp learner = Learners.start(settings)) {
                Outcomes.assertSameState(
                        StoredModels.awaitSteps(
                                learner.streams(), workload.models(), workload.steps(), Duration.ofSeconds(120)),
                        workload);
            }
            System.out.printf(
                    "registry misconfiguration IT: learner in ERROR %.1f s after its start, %d requests to the"
                            + " wrong URL, 0 of %d records dead-lettered or committed; all trained with the right URL%n",
                    stopSeconds, pagesServed.get(), records);
        } finally {
            notARegistry.stop(0);
        }
    }

    private static void awaitState(KafkaStreams streams, KafkaStreams.State expected, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (streams.state() != expected && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(streams.state()).isEqualTo(expected);
    }

    /** An HTTP server that answers everything with an HTML 404 page, as a web server at a wrong URL does. */
    private static HttpServer notFoundPages(AtomicInteger served) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] page = "<html><body><h1>404 Not Found</h1></body></html>".getBytes(StandardCharsets.UTF_8);
        server.createContext("/", exchange -> {
            served.incrementAndGet();
            exchange.getResponseHeaders().set("Content-Type", "text/html");
            exchange.sendResponseHeaders(404, page.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(page);
            }
            exchange.close();
        });
        server.start();
        return server;
    }
}
