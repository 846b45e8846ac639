package io.streambind.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.streambind.avro.StepReport;
import io.streambind.avro.StreamRecord;
import io.streambind.embedded.EmbeddedKafka;
import io.streambind.schemas.wire.AvroWireDeserializer;
import io.streambind.schemas.wire.DecodeLimits;
import io.streambind.schemas.wire.RecordCheck;
import io.streambind.schemas.wire.UnknownSchemaIdException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The REST client against the real embedded registry over HTTP, every request counted on its way
 * there: unknown ids are asked once per time to live and remembered within a bound, and a URL with a
 * wrong path prefix is a configuration error, not an unknown id.
 */
class RegistryClientMissingIdsIT {
    /** Long enough for a registration on a busy machine to happen within it. */
    private static final long TTL_SECONDS = 5;

    @TempDir
    static Path dataDir;

    static EmbeddedKafka kafka;

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafka.start(dataDir);
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    @Test
    void recordsWithTheSameUnknownIdCostOneRegistryRequest() {
        try (EmbeddedSchemaRegistry registry = startRegistry("_schemas_missing_same");
                CountingProxy proxy = new CountingProxy(registry.url())) {
            AvroWireDeserializer<StreamRecord> deserializer = new AvroWireDeserializer<>(
                    RestSchemaRegistryClient.forUrl(proxy.url()),
                    StreamRecord.class,
                    DecodeLimits.DEFAULTS,
                    RecordCheck.none());

            for (int i = 0; i < 500; i++) {
                assertThatThrownBy(() -> deserializer.deserialize("t", recordWithId(777)))
                        .isInstanceOf(UnknownSchemaIdException.class)
                        .hasMessageContaining("777");
            }

            assertThat(proxy.requests("/schemas/ids/777")).isEqualTo(1);
            assertThat(proxy.total()).isEqualTo(1);
        }
    }

    @Test
    void distinctUnknownIdsBeyondTheBoundForgetTheOldest() {
        int bound = 20;
        try (EmbeddedSchemaRegistry registry = startRegistry("_schemas_missing_bound");
                CountingProxy proxy = new CountingProxy(registry.url())) {
            RestSchemaRegistryClient client = new RestSchemaRegistryClient(Map.of(
                    RegistryClientConfig.URL_CONFIG,
                    proxy.url(),
                    RegistryClientConfig.MISSING_CACHE_SIZE_CONFIG,
                    Integer.toString(bound)));
            int ids = 5 * bound;
            for (int id = 1; id <= ids; id++) {
                askUnknown(client, id);
            }
            assertThat(client.missingIdsRemembered()).isEqualTo(bound);
            assertThat(proxy.total()).isEqualTo(ids);

            for (int id = ids - bound + 1; id <= ids; id++) {
                askUnknown(client, id);
            }
            assertThat(proxy.total())
                    .as("the newest %d ids are still remembered", bound)
                    .isEqualTo(ids);
            askUnknown(client, 1);
            assertThat(proxy.requests("/schemas/ids/1"))
                    .as("the oldest was forgotten, so it is asked again")
                    .isEqualTo(2);
            assertThat(client.missingIdsRemembered()).isEqualTo(bound);
        }
    }

    @Test
    void anIdRegisteredAfterItWasAnsweredUnknownIsFoundOnceTheTimeToLiveRunsOut() throws Exception {
        try (EmbeddedSchemaRegistry registry = startRegistry("_schemas_missing_ttl");
                CountingProxy proxy = new CountingProxy(registry.url())) {
            RestSchemaRegistryClient reader = new RestSchemaRegistryClient(Map.of(
                    RegistryClientConfig.URL_CONFIG,
                    proxy.url(),
                    RegistryClientConfig.MISSING_ID_CACHE_TTL_SEC_CONFIG,
                    Long.toString(TTL_SECONDS)));
            askUnknown(reader, 1);
            long answered = System.nanoTime();
            int id = RestSchemaRegistryClient.forUrl(registry.url())
                    .register("ttl.reports-value", StepReport.getClassSchema());
            assertThat(id).as("a fresh registry's first id").isEqualTo(1);

            askUnknown(reader, 1);
            assertThat((System.nanoTime() - answered) / 1e9)
                    .as("seconds since the answer")
                    .isLessThan(TTL_SECONDS);
            assertThat(proxy.requests("/schemas/ids/1"))
                    .as("within the time to live")
                    .isEqualTo(1);

            Thread.sleep(Math.max(0, TTL_SECONDS * 1000 + 100 - (System.nanoTime() - answered) / 1_000_000));
            assertThat(reader.schemaById(1)).isEqualTo(StepReport.getClassSchema());
            assertThat(proxy.requests("/schemas/ids/1")).isEqualTo(2);
        }
    }

    @Test
    void aWrongPathPrefixIsAConfigurationErrorNamingTheUrlNotAnUnknownId() {
        try (EmbeddedSchemaRegistry registry = startRegistry("_schemas_prefix")) {
            int id = RestSchemaRegistryClient.forUrl(registry.url())
                    .register("prefix.reports-value", StepReport.getClassSchema());
            String wrongUrl = registry.url() + "/apis/ccompat/v7";
            AvroWireDeserializer<StepReport> deserializer = new AvroWireDeserializer<>(
                    RestSchemaRegistryClient.forUrl(wrongUrl),
                    StepReport.class,
                    DecodeLimits.DEFAULTS,
                    RecordCheck.none());

            Throwable thrown = catchThrowable(() -> deserializer.deserialize("t", recordWithId(id)));

            assertThat(thrown)
                    .isInstanceOf(RegistryConfigurationException.class)
                    .isNotInstanceOf(SerializationException.class)
                    .isNotInstanceOf(SchemaRegistryException.class)
                    .hasMessageContaining(RegistryClientConfig.URL_CONFIG)
                    .hasMessageContaining(wrongUrl)
                    .hasMessageContaining("HTTP 404 without a registry error code");
            assertThatThrownBy(() -> RestSchemaRegistryClient.forUrl(wrongUrl)
                            .register("prefix.other-value", StepReport.getClassSchema()))
                    .isInstanceOf(RegistryConfigurationException.class);
        }
    }

    private static void askUnknown(SchemaRegistryClient client, int id) {
        assertThatThrownBy(() -> client.schemaById(id))
                .isInstanceOfSatisfying(
                        SchemaRegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND));
    }

    /** A Confluent wire-format header with {@code id} and a one-byte body. */
    static byte[] recordWithId(int id) {
        return ByteBuffer.allocate(6).put((byte) 0).putInt(id).put((byte) 0).array();
    }

    private static EmbeddedSchemaRegistry startRegistry(String topic) {
        return EmbeddedSchemaRegistry.start(new EmbeddedRegistryConfig(Map.of(
                EmbeddedRegistryConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                EmbeddedRegistryConfig.TOPIC_CONFIG,
                topic)));
    }

    /** Passes every request on to the registry unchanged and counts them by path. */
    private static final class CountingProxy implements AutoCloseable {
        private final HttpServer server;
        private final String target;
        private final HttpClient http = HttpClient.newHttpClient();
        private final Map<String, AtomicInteger> byPath = new ConcurrentHashMap<>();
        private final AtomicInteger total = new AtomicInteger();

        CountingProxy(String target) {
            this.target = target;
            try {
                server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            server.createContext("/", this::forward);
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        int requests(String path) {
            AtomicInteger count = byPath.get(path);
            return count == null ? 0 : count.get();
        }

        int total() {
            return total.get();
        }

        private void forward(HttpExchange exchange) throws IOException {
            try {
                String path = exchange.getRequestURI().getRawPath();
                byPath.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
                total.incrementAndGet();
                byte[] body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = in.readAllBytes();
                }
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target + exchange.getRequestURI()))
                        .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
                String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
                if (contentType != null) {
                    request.header("Content-Type", contentType);
                }
                HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
                response.headers()
                        .firstValue("Content-Type")
                        .ifPresent(v -> exchange.getResponseHeaders().set("Content-Type", v));
                exchange.sendResponseHeaders(
                        response.statusCode(), response.body().length == 0 ? -1 : response.body().length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(response.body());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            } finally {
                exchange.close();
            }
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
