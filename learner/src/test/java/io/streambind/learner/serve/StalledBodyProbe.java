package io.streambind.learner.serve;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streambind.learner.state.SnapshotWrites;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Run in a JVM of its own (the JDK reads its HTTP server timeouts once per JVM): a learner HTTP server
 * with one thread and a 2 s request timeout, and a client that sends part of an embed body and stalls.
 * Prints when the server closed the stalled connection and whether the one thread then serves again.
 */
public final class StalledBodyProbe {
    static final String CLOSED_LINE = "stalled body closed after ms: ";
    static final String SERVED_LINE = "next request answered: ";

    private StalledBodyProbe() {}

    public static void main(String[] args) throws Exception {
        ServingSettings settings = new ServingSettings(1, 0, Duration.ofSeconds(2), 64, 1 << 20, 2);
        try (LearnerHttpServer http = LearnerHttpServer.start(
                "127.0.0.1", 0, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), settings)) {
            HostInfo self = new HostInfo("127.0.0.1", http.port());
            // the model lives elsewhere, so the one thread reads the whole body to forward it
            http.attach(new ElsewhereStores(new HostInfo("127.0.0.1", 1)), self);
            try (Socket stalled = new Socket("127.0.0.1", http.port())) {
                OutputStream out = stalled.getOutputStream();
                out.write(("POST /models/m/embed HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{\"modality\":")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                long start = System.nanoTime();
                stalled.setSoTimeout(20_000);
                InputStream in = stalled.getInputStream();
                while (in.read() != -1) {
                    // whatever the server says before it closes
                }
                System.out.println(CLOSED_LINE + (System.nanoTime() - start) / 1_000_000);
            }
            // the one thread first answers the stalled request's failure; then it is free again
            HttpClient client = HttpClient.newHttpClient();
            int status = 0;
            for (int attempt = 0; attempt < 50 && status != 200; attempt++) {
                Thread.sleep(100);
                status = client.send(
                                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + "/metrics"))
                                        .timeout(Duration.ofSeconds(20))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .statusCode();
            }
            System.out.println(SERVED_LINE + status);
        }
    }

    /** Stores that hold no model here: every model lives on {@code owner}. */
    private record ElsewhereStores(HostInfo owner) implements ModelStores {
        @Override
        public ReadOnlyKeyValueStore<String, byte[]> store(String name) throws HttpError {
            throw new HttpError(503, "no stores in this probe");
        }

        @Override
        public HostInfo activeHost(String modelId) {
            return owner;
        }

        @Override
        public SnapshotWrites snapshotWrites() {
            return new SnapshotWrites();
        }
    }
}
