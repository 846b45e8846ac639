package io.streambind.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.sun.net.httpserver.HttpServer;
import io.streambind.avro.StepReport;
import io.streambind.schemas.wire.AvroWireDeserializer;
import io.streambind.schemas.wire.DecodeLimits;
import io.streambind.schemas.wire.RecordCheck;
import io.streambind.schemas.wire.UnknownSchemaIdException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the registry URL answers tells a configuration error from an unknown schema id: a 404 with
 * error_code 40403 is an unknown id (the record is dead-lettered), while a bare 404, an HTML page or
 * "subject not found" to a lookup by id mean the URL leads to no registry.
 */
class RegistryMisconfigurationTest {
    private static final String HTML =
            "<html><head><title>404 Not Found</title></head>\n<body><h1>Not Found</h1></body></html>";

    private final AtomicInteger requests = new AtomicInteger();
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void anHtmlNotFoundPageIsAConfigurationErrorNamingTheUrl() throws IOException {
        String url = serve(404, "text/html", HTML) + "/registry";

        Throwable thrown =
                catchThrowable(() -> deserializer(url).deserialize("t", RegistryClientMissingIdsIT.recordWithId(5)));

        assertThat(thrown)
                .isInstanceOf(RegistryConfigurationException.class)
                .isNotInstanceOf(SerializationException.class)
                .hasMessageContaining("Invalid value " + url + " for configuration schema.registry.url")
                .hasMessageContaining("GET " + url + "/schemas/ids/5 answered HTTP 404 without a registry error code")
                .hasMessageContaining("<h1>Not Found</h1>");
    }

    @Test
    void subjectNotFoundToALookupByIdIsAConfigurationError() throws IOException {
        String url = serve(
                404,
                RestSchemaRegistryClient.CONTENT_TYPE,
                "{\"error_code\":40401,\"message\":\"Subject 'x' not found.\"}");

        assertThat(catchThrowable(() -> deserializer(url).deserialize("t", RegistryClientMissingIdsIT.recordWithId(5))))
                .isInstanceOf(RegistryConfigurationException.class)
                .hasMessageContaining(url)
                .hasMessageContaining("error_code 40401");
    }

    @Test
    void aPageInsteadOfASchemaIsAConfigurationError() throws IOException {
        String url = serve(200, "text/html", HTML);

        assertThat(catchThrowable(() -> RestSchemaRegistryClient.forUrl(url).schemaById(5)))
                .isInstanceOf(RegistryConfigurationException.class)
                .hasMessageContaining("answered HTTP 200 with a body that is not JSON");
    }

    @Test
    void schemaNotFoundIsAnUnknownIdAskedOnce() throws IOException {
        String url = serve(
                404,
                RestSchemaRegistryClient.CONTENT_TYPE,
                "{\"error_code\":40403,\"message\":\"Schema 5 not found\"}");
        AvroWireDeserializer<StepReport> deserializer = deserializer(url);

        for (int i = 0; i < 3; i++) {
            assertThat(catchThrowable(() -> deserializer.deserialize("t", RegistryClientMissingIdsIT.recordWithId(5))))
                    .isInstanceOf(UnknownSchemaIdException.class)
                    .isInstanceOf(SerializationException.class);
        }
        assertThat(requests.get()).isEqualTo(1);
    }

    private static AvroWireDeserializer<StepReport> deserializer(String url) {
        return new AvroWireDeserializer<>(
                RestSchemaRegistryClient.forUrl(url), StepReport.class, DecodeLimits.DEFAULTS, RecordCheck.none());
    }

    /** A server that answers every request with {@code status} and {@code body}; returns its URL. */
    private String serve(int status, String contentType, String body) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
            exchange.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }
}
