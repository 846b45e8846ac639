package io.streambind.learner.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streambind.avro.Split;
import io.streambind.learner.LearnerConfig;
import io.streambind.learner.LearnerDriver;
import io.streambind.learner.SyntheticBatches;
import io.streambind.learner.state.SnapshotWrites;
import io.streambind.learner.state.StoreNames;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The serving limits: busy pool, unqueryable stores, body size and vector count, slow bodies, decoded-model cache. */
class ServingLimitsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int WIDTH = 8;

    @TempDir
    Path stateDir;

    @Test
    void aRequestBeyondTheThreadsAndQueueIsAnswered503WithRetryAfter() throws Exception {
        try (LearnerHttpServer http = server(new ServingSettings(1, 0, Duration.ofSeconds(30), 16, 4096, 8));
                Socket holder = new Socket("127.0.0.1", http.port())) {
            // the one worker waits for a body that does not come yet
            send(holder, "POST /models/m/embed HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{");
            Thread.sleep(300);
            Reply busy = request(http.port(), "GET /models HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(busy.status()).isEqualTo(503);
            assertThat(busy.head()).containsIgnoringCase("Retry-After: " + LearnerHttpServer.RETRY_AFTER_SECONDS);
            assertThat(JSON.readTree(busy.body()).path("error").asText()).contains("busy");
            System.out.println("serving limits: busy server answered " + busy.status() + " with Retry-After");
        }
    }

    @Test
    void storesThatCannotBeQueriedYetAreAnswered503WithRetryAfter() throws Exception {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(StoreNames.MANIFESTS), Serdes.String(), Serdes.ByteArray()));
        builder.stream("in")
                .process(
                        () -> new Processor<Object, Object, Void, Void>() {
                            @Override
                            public void process(Record<Object, Object> record) {}
                        },
                        StoreNames.MANIFESTS);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "not-started");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        try (KafkaStreams streams = new KafkaStreams(builder.build(), props);
                LearnerHttpServer http = server(new ServingSettings(2, 4, Duration.ofSeconds(30), 16, 4096, 8))) {
            http.attach(streams, new SnapshotWrites(), new HostInfo("127.0.0.1", http.port()));
            for (String request : new String[] {
                "GET /models HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /models/m HTTP/1.1\r\nHost: x\r\n\r\n",
                "POST /models/m/embed HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}"
            }) {
                Reply reply = request(http.port(), request);
                assertThat(reply.status()).as(request + reply.body()).isEqualTo(503);
                assertThat(reply.head()).containsIgnoringCase("Retry-After: ");
            }
        }
    }

    @Test
    void oversizedBodiesAre413WithoutReadingThem() throws Exception {
        try (LearnerDriver learner = trained("m");
                LearnerHttpServer http = server(new ServingSettings(2, 4, Duration.ofSeconds(30), 4, 4096, 8))) {
            attach(http, learner);
            // a declared length over the limit: refused before a byte of the body is sent
            Reply declared = request(
                    http.port(),
                    "POST /models/m/embed HTTP/1.1\r\nHost: x\r\n" + "Content-Length: 1000000000000\r\n\r\n");
            assertThat(declared.status()).isEqualTo(413);

            // endless rows without a declared length: refused at the row past the vector limit
            EndlessBody rows =
                    new EndlessBody("{\"modality\":\"text\",\"vectors\":[", "[" + "0.5,".repeat(WIDTH - 1) + "0.5],");
            Reply tooMany = chunked(http.port(), rows);
            assertThat(tooMany.status()).as(tooMany.body()).isEqualTo(413);
            assertThat(tooMany.body()).contains("learner.embed.max.vectors");

            // endless padding without a declared length: refused at the byte limit
            EndlessBody padding = new EndlessBody("{\"modality\":\"text\",\"pad\":\"", "xxxxxxxxxxxxxxxx");
            Reply tooLong = chunked(http.port(), padding);
            assertThat(tooLong.status()).as(tooLong.body()).isEqualTo(413);
            assertThat(tooLong.body()).contains("learner.embed.max.request.bytes");

            // a row wider than any head: refused at the first value past it
            EndlessBody wide = new EndlessBody("{\"modality\":\"text\",\"vectors\":[[", "0.5,");
            Reply tooWide = chunked(http.port(), wide);
            assertThat(tooWide.status()).as(tooWide.body()).isEqualTo(400);
            System.out.printf(
                    "serving limits: declared 1e12 bytes -> %d; endless rows -> %d after %d bytes sent;"
                            + " endless padding -> %d after %d bytes sent; endless row -> %d after %d bytes sent%n",
                    declared.status(),
                    tooMany.status(),
                    rows.sent,
                    tooLong.status(),
                    padding.sent,
                    tooWide.status(),
                    wide.sent);
        }
    }

    @Test
    void aBodyStillArrivingAtTheDeadlineIsAnswered408() throws Exception {
        try (LearnerDriver learner = trained("m");
                LearnerHttpServer http = server(new ServingSettings(2, 4, Duration.ofMillis(500), 16, 1 << 20, 8));
                Socket socket = new Socket("127.0.0.1", http.port())) {
            attach(http, learner);
            send(socket, "POST /models/m/embed HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{\"pad\":\"");
            Reply reply = null;
            socket.setSoTimeout(100);
            for (int i = 0; i < 100 && reply == null; i++) {
                send(socket, "x"); // a byte every 100 ms: never done within the deadline
                reply = tryRead(socket);
            }
            assertThat(reply).isNotNull();
            assertThat(reply.status()).as(reply.body()).isEqualTo(408);
        }
    }

    @Test
    void decodedModelsAreBoundedAndDroppedWhenTheInstanceNoLongerHoldsThem() throws Exception {
        try (LearnerDriver learner = trained("a", "b", "c")) {
            ServedModels models = new ServedModels(new DriverModelStores(learner, new HostInfo("127.0.0.1", 1)), 2);
            for (String id : new String[] {"a", "b", "c"}) {
                assertThat(models.local(id)).isNotNull();
            }
            assertThat(models.cachedIds()).as("least recently used dropped").containsExactly("b", "c");
            models.local("b");
            assertThat(models.cachedIds()).containsExactly("c", "b");

            learner.store(StoreNames.MANIFESTS).delete("c"); // a rebalance moved c to another instance
            assertThat(models.local("c")).isNull();
            assertThat(models.cachedIds()).containsExactly("b");

            learner.store(StoreNames.MANIFESTS).delete("b");
            assertThat(models.local("a")).isNotNull(); // decoding a drops b, no longer held, unasked
            assertThat(models.cachedIds()).containsExactly("a");
            System.out.println(
                    "serving limits: decoded models kept " + models.cachedIds() + " of a, b, c (capacity 2)");
        }
    }

    private LearnerDriver trained(String... modelIds) {
        LearnerDriver learner =
                LearnerDriver.fromSettings(stateDir, Map.of(LearnerConfig.SNAPSHOT_INTERVAL_BATCHES, "1"));
        for (String id : modelIds) {
            byte[] value = learner.topics
                    .batches()
                    .valueSerde()
                    .serializer()
                    .serialize(
                            learner.topics.batches().name(),
                            SyntheticBatches.wrap(SyntheticBatches.batch(id, "b0", Split.TRAIN, 8, WIDTH, 1)));
            learner.sendRaw(id.getBytes(StandardCharsets.UTF_8), value);
        }
        return learner;
    }

    private static LearnerHttpServer server(ServingSettings settings) throws IOException {
        return LearnerHttpServer.start("127.0.0.1", 0, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), settings);
    }

    private static void attach(LearnerHttpServer http, LearnerDriver learner) {
        HostInfo self = new HostInfo("127.0.0.1", http.port());
        http.attach(new DriverModelStores(learner, self), self);
    }

    /** A status line, headers and body as they came over the socket. */
    private record Reply(int status, String head, String body) {}

    /** A body that never ends: its start, then one piece after another; counts what it handed out. */
    private static final class EndlessBody {
        private final byte[] start;
        private final byte[] piece;
        long sent;

        EndlessBody(String start, String piece) {
            this.start = start.getBytes(StandardCharsets.UTF_8);
            this.piece = piece.getBytes(StandardCharsets.UTF_8);
        }
    }

    private static Reply request(int port, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            send(socket, request);
            return read(socket.getInputStream());
        }
    }

    /** Sends the endless body in chunks until the server answers (or closes), and returns its answer. */
    private static Reply chunked(int port, EndlessBody body) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(50);
            send(socket, "POST /models/m/embed HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            byte[] chunk = body.start;
            for (int i = 0; i < 100_000; i++) {
                try {
                    out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    body.sent += chunk.length;
                } catch (IOException closed) {
                    break;
                }
                Reply reply = tryRead(socket);
                if (reply != null) {
                    return reply;
                }
                chunk = body.piece;
            }
            socket.setSoTimeout(10_000);
            return read(socket.getInputStream());
        }
    }

    private static Reply tryRead(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        try {
            int first = in.read();
            if (first < 0) {
                throw new IOException("closed without an answer");
            }
            socket.setSoTimeout(10_000);
            return read(
                    new java.io.SequenceInputStream(new java.io.ByteArrayInputStream(new byte[] {(byte) first}), in));
        } catch (java.net.SocketTimeoutException nothingYet) {
            return null;
        }
    }

    private static void send(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
    }

    private static Reply read(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("closed after: " + head);
            }
            head.append((char) c);
        }
        int length = 0;
        for (String line : head.toString().split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(
                        line.substring("content-length:".length()).trim());
            }
        }
        String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
        int status = Integer.parseInt(head.substring(9, 12));
        return new Reply(status, head.toString(), body);
    }
}
