package io.streambind.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small Confluent-compatible schema registry: the REST subset {@link RestSchemaRegistryClient} uses,
 * served by the JDK's HTTP server, with schemas kept in a compacted Kafka topic so ids survive restarts.
 * Global ids, per-subject versions, identical re-registration returns the existing id, compatibility
 * BACKWARD by default. One embedded registry per Kafka cluster at a time: it is the topic's only writer.
 */
public final class EmbeddedSchemaRegistry implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedSchemaRegistry.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Schemas are a few KiB; a bigger body is a mistake or an attack. */
    private static final int MAX_BODY_BYTES = 1 << 20;

    private final HttpServer server;
    private final ExecutorService executor;
    private final KafkaSchemaLog schemaLog;
    private final RegistryService service;
    private final long startupMillis;

    private EmbeddedSchemaRegistry(
            HttpServer server,
            ExecutorService executor,
            KafkaSchemaLog schemaLog,
            RegistryService service,
            long startupMillis) {
        this.server = server;
        this.executor = executor;
        this.schemaLog = schemaLog;
        this.service = service;
        this.startupMillis = startupMillis;
    }

    /** Replays the schema topic (creating it when missing), then serves HTTP. */
    public static EmbeddedSchemaRegistry start(EmbeddedRegistryConfig config) {
        long begin = System.nanoTime();
        SchemaStore store = new SchemaStore(config.compatibility());
        KafkaSchemaLog schemaLog = KafkaSchemaLog.open(
                config.getString(EmbeddedRegistryConfig.BOOTSTRAP_SERVERS_CONFIG),
                config.getString(EmbeddedRegistryConfig.TOPIC_CONFIG),
                config.getShort(EmbeddedRegistryConfig.REPLICATION_FACTOR_CONFIG),
                store,
                Duration.ofMillis(config.getInt(EmbeddedRegistryConfig.WRITE_TIMEOUT_MS_CONFIG)));
        RegistryService service = new RegistryService(store, schemaLog);
        ExecutorService executor = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "embedded-schema-registry");
            thread.setDaemon(true);
            return thread;
        });
        try {
            HttpServer server = HttpServer.create(
                    new InetSocketAddress(
                            config.getString(EmbeddedRegistryConfig.HOST_CONFIG),
                            config.getInt(EmbeddedRegistryConfig.PORT_CONFIG)),
                    0);
            server.setExecutor(executor);
            long startupMillis = (System.nanoTime() - begin) / 1_000_000;
            EmbeddedSchemaRegistry registry =
                    new EmbeddedSchemaRegistry(server, executor, schemaLog, service, startupMillis);
            server.createContext("/", registry::handle);
            server.start();
            log.info(
                    "Embedded schema registry at {} started in {} ms ({} subjects)",
                    registry.url(),
                    startupMillis,
                    store.subjects().size());
            return registry;
        } catch (IOException e) {
            schemaLog.close();
            executor.shutdownNow();
            throw new UncheckedIOException("Cannot start the embedded schema registry", e);
        }
    }

    public static EmbeddedSchemaRegistry start(String bootstrapServers) {
        return start(EmbeddedRegistryConfig.forKafka(bootstrapServers));
    }

    /** Base URL, e.g. {@code http://127.0.0.1:40123}; use it as {@code schema.registry.url}. */
    public String url() {
        InetSocketAddress address = server.getAddress();
        return "http://" + address.getHostString() + ":" + address.getPort();
    }

    /** Wall time from start to serving, including the replay of the schema topic. */
    public long startupMillis() {
        return startupMillis;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        schemaLog.close();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            String[] path = segments(exchange.getRequestURI().getRawPath());
            JsonNode reply = route(exchange.getRequestMethod(), path, exchange);
            respond(exchange, 200, reply);
        } catch (SchemaRegistryException e) {
            ObjectNode error =
                    JSON.createObjectNode().put("error_code", e.errorCode()).put("message", e.registryMessage());
            respond(exchange, e.httpStatus(), error);
        } catch (RuntimeException e) {
            log.warn("Registry request {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            ObjectNode error = JSON.createObjectNode()
                    .put("error_code", SchemaRegistryException.STORE_ERROR)
                    .put("message", "Internal error: " + e.getMessage());
            respond(exchange, 500, error);
        } finally {
            exchange.close();
        }
    }

    private JsonNode route(String method, String[] path, HttpExchange exchange) throws IOException {
        String route = method + " " + shape(path);
        return switch (route) {
            case "GET " -> JSON.createObjectNode();
            case "POST subjects/*/versions" ->
                JSON.createObjectNode().put("id", service.register(path[1], schemaOf(exchange)));
            case "POST subjects/*" -> versionJson(service.lookup(path[1], schemaOf(exchange)));
            case "GET schemas/ids/*" ->
                JSON.createObjectNode()
                        .put("schema", service.schemaById(intOf(path[2])).toString());
            case "POST compatibility/subjects/*/versions/*" -> {
                CompatibilityResult result = service.testCompatibility(path[2], path[4], schemaOf(exchange));
                ObjectNode body = JSON.createObjectNode().put("is_compatible", result.compatible());
                ArrayNode messages = body.putArray("messages");
                result.messages().forEach(messages::add);
                yield body;
            }
            case "GET subjects" -> JSON.valueToTree(service.subjects());
            case "DELETE subjects/*" -> JSON.valueToTree(service.deleteSubject(path[1]));
            case "GET subjects/*/versions" -> JSON.valueToTree(service.versions(path[1]));
            case "GET subjects/*/versions/*" -> versionJson(service.version(path[1], path[3]));
            case "PUT config", "PUT config/*" -> {
                String level = bodyOf(exchange).path("compatibility").asText(null);
                service.setLevel(path.length > 1 ? path[1] : null, level);
                yield JSON.createObjectNode().put("compatibility", level);
            }
            case "GET config", "GET config/*" ->
                JSON.createObjectNode()
                        .put(
                                "compatibilityLevel",
                                service.level(path.length > 1 ? path[1] : null).name());
            default ->
                throw new SchemaRegistryException(404, 404, "No endpoint " + method + " /" + String.join("/", path));
        };
    }

    private static JsonNode versionJson(SchemaVersion version) {
        return JSON.createObjectNode()
                .put("subject", version.subject())
                .put("version", version.version())
                .put("id", version.id())
                .put("schema", version.schema().toString());
    }

    /** The path with variable segments (subject, id, version) replaced by {@code *}, for matching routes. */
    private static String shape(String[] path) {
        String[] shape = path.clone();
        for (int i = 0; i < shape.length; i++) {
            boolean variable = switch (path[0]) {
                case "subjects", "config" -> i == 1 || i == 3;
                case "schemas" -> i == 2;
                case "compatibility" -> i == 2 || i == 4;
                default -> false;
            };
            if (variable) {
                shape[i] = "*";
            }
        }
        return String.join("/", shape);
    }

    private static String[] segments(String rawPath) {
        return Arrays.stream(rawPath.split("/"))
                .filter(s -> !s.isEmpty())
                .map(s -> URLDecoder.decode(s, StandardCharsets.UTF_8))
                .toArray(String[]::new);
    }

    private static String schemaOf(HttpExchange exchange) throws IOException {
        JsonNode body = bodyOf(exchange);
        String type = body.path("schemaType").asText("AVRO");
        if (!type.equals("AVRO")) {
            throw new SchemaRegistryException(
                    422, SchemaRegistryException.INVALID_SCHEMA, "Only AVRO schemas are supported, not " + type);
        }
        return body.path("schema").asText(null);
    }

    private static JsonNode bodyOf(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                throw new SchemaRegistryException(413, 413, "Request body larger than " + MAX_BODY_BYTES + " bytes");
            }
            return body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new SchemaRegistryException(400, 400, "Request body is not JSON: " + e.getOriginalMessage());
        }
    }

    private static int intOf(String id) {
        try {
            return Integer.parseInt(id);
        } catch (NumberFormatException e) {
            throw new SchemaRegistryException(
                    404, SchemaRegistryException.SCHEMA_NOT_FOUND, "Schema " + id + " not found");
        }
    }

    private static void respond(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", RestSchemaRegistryClient.CONTENT_TYPE);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
