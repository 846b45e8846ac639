package io.streambind.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import org.apache.avro.Schema;

/**
 * Speaks the Confluent Schema Registry REST API over {@link HttpClient}. Ids and registrations are
 * immutable in a registry, so both directions are cached: a serializer asks the registry once per
 * schema and a deserializer once per id. Ids the registry does not know are remembered for a while
 * ({@link RegistryClientConfig#MISSING_ID_CACHE_TTL_SEC_CONFIG}, at most
 * {@link RegistryClientConfig#MISSING_CACHE_SIZE_CONFIG} of them), so records carrying an unknown id cost
 * one request per id, not one each. An answer that shows the URL does not lead to a registry throws
 * {@link RegistryConfigurationException}.
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {
    public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How much of a body that is not the registry's JSON an error message quotes. */
    private static final int QUOTED_BODY_CHARS = 120;

    private final String baseUrl;
    private final String authorization;
    private final Duration timeout;
    private final HttpClient http;
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<String, Map<Schema, Integer>> idsBySubject = new ConcurrentHashMap<>();
    private final MissingIds missingIds;

    public RestSchemaRegistryClient(Map<String, ?> config) {
        this(new RegistryClientConfig(config));
    }

    public RestSchemaRegistryClient(RegistryClientConfig config) {
        this.baseUrl = config.baseUrl();
        String userInfo = config.userInfo();
        this.authorization = userInfo.isEmpty()
                ? null
                : "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
        this.timeout = Duration.ofMillis(config.requestTimeoutMs());
        this.missingIds = new MissingIds(config.missingCacheSize(), config.missingIdCacheTtl());
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(timeout);
        SSLContext ssl = SslContexts.fromConfig(config);
        if (ssl != null) {
            builder.sslContext(ssl);
        }
        this.http = builder.build();
    }

    /** A client for a registry at {@code url} with default settings. */
    public static RestSchemaRegistryClient forUrl(String url) {
        return new RestSchemaRegistryClient(Map.of(RegistryClientConfig.URL_CONFIG, url));
    }

    @Override
    public int register(String subject, Schema schema) {
        Map<Schema, Integer> known = idsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>());
        Integer cached = known.get(schema);
        if (cached != null) {
            return cached;
        }
        int id = send("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema))
                .path("id")
                .asInt();
        known.put(schema, id);
        schemasById.putIfAbsent(id, schema);
        return id;
    }

    @Override
    public SchemaVersion lookup(String subject, Schema schema) {
        JsonNode reply = send("POST", "/subjects/" + encode(subject), schemaBody(schema));
        int id = reply.path("id").asInt();
        schemasById.putIfAbsent(id, schema);
        return new SchemaVersion(
                reply.path("subject").asText(subject), reply.path("version").asInt(), id, schema);
    }

    @Override
    public Schema schemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        String path = "/schemas/ids/" + id;
        if (missingIds.contains(id)) {
            throw new SchemaRegistryException(
                    404,
                    SchemaRegistryException.SCHEMA_NOT_FOUND,
                    "GET " + path + ": schema " + id + " not found (answered earlier, not asked again for "
                            + RegistryClientConfig.MISSING_ID_CACHE_TTL_SEC_CONFIG + ")");
        }
        JsonNode reply;
        try {
            reply = send("GET", path, null);
        } catch (SchemaRegistryException e) {
            if (e.errorCode() == SchemaRegistryException.SCHEMA_NOT_FOUND) {
                missingIds.add(id);
            } else if (e.httpStatus() == 404) {
                // A lookup by id names no subject or version: such an answer comes from something else.
                throw new RegistryConfigurationException(
                        baseUrl,
                        "GET " + baseUrl + path + " answered \"" + e.registryMessage() + "\" (HTTP 404, error_code "
                                + e.errorCode() + ") to a lookup by schema id");
            }
            throw e;
        }
        if (!reply.path("schema").isTextual()) {
            throw new RegistryConfigurationException(
                    baseUrl, "GET " + baseUrl + path + " answered without a schema: " + quote(reply.toString()));
        }
        Schema schema = parse(reply.path("schema").asText());
        schemasById.putIfAbsent(id, schema);
        return schema;
    }

    /** How many unknown ids are remembered now; bounded by {@link RegistryClientConfig#MISSING_CACHE_SIZE_CONFIG}. */
    int missingIdsRemembered() {
        return missingIds.size();
    }

    @Override
    public CompatibilityResult testCompatibility(String subject, Schema schema) {
        JsonNode reply = send(
                "POST",
                "/compatibility/subjects/" + encode(subject) + "/versions/latest?verbose=true",
                schemaBody(schema));
        List<String> messages = new ArrayList<>();
        reply.path("messages").forEach(m -> messages.add(m.asText()));
        return new CompatibilityResult(reply.path("is_compatible").asBoolean(), messages);
    }

    @Override
    public List<String> subjects() {
        List<String> subjects = new ArrayList<>();
        send("GET", "/subjects", null).forEach(s -> subjects.add(s.asText()));
        return subjects;
    }

    @Override
    public List<Integer> versions(String subject) {
        List<Integer> versions = new ArrayList<>();
        send("GET", "/subjects/" + encode(subject) + "/versions", null).forEach(v -> versions.add(v.asInt()));
        return versions;
    }

    @Override
    public SchemaVersion version(String subject, int version) {
        return fetchVersion(subject, Integer.toString(version));
    }

    @Override
    public SchemaVersion latestVersion(String subject) {
        return fetchVersion(subject, "latest");
    }

    /** Also forgets the ids cached for the subject, so that a later {@link #register} registers again. */
    @Override
    public List<Integer> deleteSubject(String subject) {
        List<Integer> deleted = new ArrayList<>();
        send("DELETE", "/subjects/" + encode(subject), null).forEach(v -> deleted.add(v.asInt()));
        idsBySubject.remove(subject);
        return deleted;
    }

    @Override
    public void setCompatibility(String subject, CompatibilityLevel level) {
        ObjectNode body = JSON.createObjectNode().put("compatibility", level.name());
        send("PUT", "/config/" + encode(subject), body);
    }

    @Override
    public CompatibilityLevel globalCompatibility() {
        return CompatibilityLevel.valueOf(
                send("GET", "/config", null).path("compatibilityLevel").asText());
    }

    private SchemaVersion fetchVersion(String subject, String version) {
        JsonNode reply = send("GET", "/subjects/" + encode(subject) + "/versions/" + version, null);
        int id = reply.path("id").asInt();
        Schema schema =
                schemasById.computeIfAbsent(id, i -> parse(reply.path("schema").asText()));
        return new SchemaVersion(
                reply.path("subject").asText(subject), reply.path("version").asInt(), id, schema);
    }

    private static ObjectNode schemaBody(Schema schema) {
        return JSON.createObjectNode().put("schema", schema.toString());
    }

    private JsonNode send(String method, String path, JsonNode body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(timeout)
                .header("Accept", CONTENT_TYPE + ", application/json")
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body.toString()));
        if (body != null) {
            request.header("Content-Type", CONTENT_TYPE);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new SchemaRegistryException("Schema registry " + baseUrl + " unreachable: " + method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException("Interrupted during " + method + " " + path, e);
        }
        JsonNode json = readJson(response.body());
        if (response.statusCode() >= 300) {
            // Proxies answer errors in HTML; the status code still tells what happened.
            JsonNode reply = json == null ? JSON.createObjectNode() : json;
            int errorCode = reply.path("error_code").asInt(response.statusCode());
            if (response.statusCode() == 404 && errorCode / 100 != 404) {
                // The registry answers every "not found" with a 404xx code of its own; a bare 404 is no registry's.
                throw new RegistryConfigurationException(
                        baseUrl,
                        method + " " + baseUrl + path + " answered HTTP 404"
                                + " without a registry error code, so the URL does not lead to a schema registry (another"
                                + " server, or a wrong path prefix): " + quote(response.body()));
            }
            String message = reply.path("message").asText(response.body());
            throw new SchemaRegistryException(response.statusCode(), errorCode, method + " " + path + ": " + message);
        }
        if (json == null) {
            throw new RegistryConfigurationException(
                    baseUrl,
                    method + " " + baseUrl + path + " answered HTTP "
                            + response.statusCode()
                            + " with a body that is not JSON, so the URL does not lead to a schema"
                            + " registry: " + quote(response.body()));
        }
        return json;
    }

    /** The body as JSON, an empty object for an empty body, null when it is not JSON. */
    private static JsonNode readJson(String body) {
        try {
            return body.isEmpty() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static String quote(String body) {
        String line = body.replaceAll("\\s+", " ").strip();
        return "\"" + (line.length() > QUOTED_BODY_CHARS ? line.substring(0, QUOTED_BODY_CHARS) + "..." : line) + "\"";
    }

    private static Schema parse(String schema) {
        return new Schema.Parser().parse(schema);
    }

    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
