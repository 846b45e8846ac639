package io.streambind.learner.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streambind.core.model.ContinualModel;
import io.streambind.learner.state.Manifest;
import io.streambind.learner.state.SnapshotWrites;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The learner's HTTP endpoints on the JDK server: {@code GET /metrics} (Prometheus),
 * {@code GET /models}, {@code GET /models/{id}}, {@code POST /models/{id}/embed}. A model held by
 * another instance is answered by that instance (found with {@link KafkaStreams#queryMetadataForKey}).
 * Requests run on {@link HttpWorkers}: a fixed pool behind a bounded queue, 503 with Retry-After beyond
 * it or while the stores cannot be queried; an embed body is parsed as it arrives within the byte and
 * vector limits ({@link RequestBody}, {@link EmbedRequest}).
 */
public final class LearnerHttpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LearnerHttpServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern MODEL_PATH = Pattern.compile("/models/([A-Za-z0-9][A-Za-z0-9._-]{0,127})(/embed)?");
    private static final String FORWARDED_HEADER = "X-StreamBind-Forwarded";
    /** Seconds a client is asked to wait after a 503: a busy pool or a rebalance clears within about that. */
    static final int RETRY_AFTER_SECONDS = 1;

    private final HttpServer server;
    private final HttpWorkers workers;
    private final PrometheusMeterRegistry meters;
    private final ServingSettings settings;
    private final HttpClient forwarder;
    private volatile ModelStores stores;
    private volatile ServedModels models;
    private volatile HostInfo self;

    private LearnerHttpServer(
            HttpServer server, HttpWorkers workers, PrometheusMeterRegistry meters, ServingSettings settings) {
        this.server = server;
        this.workers = workers;
        this.meters = meters;
        this.settings = settings;
        this.forwarder = HttpClient.newBuilder()
                .connectTimeout(settings.requestTimeout())
                .build();
    }

    /** Binds and starts serving /metrics; the model endpoints answer 503 until {@link #attach}. */
    public static LearnerHttpServer start(
            String host, int port, PrometheusMeterRegistry meters, ServingSettings settings) throws IOException {
        closeStalledExchangesAfter(settings.requestTimeout());
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
        HttpWorkers workers = new HttpWorkers(settings.threads(), settings.queueSize(), settings.requestTimeout());
        LearnerHttpServer http = new LearnerHttpServer(server, workers, meters, settings);
        server.createContext("/", http::handle);
        server.setExecutor(workers);
        server.start();
        return http;
    }

    /**
     * Has the JDK server close a connection whose request is not in (body included) or whose response is not
     * read within the request timeout. A body that stops arriving holds its thread in a blocking read, and
     * closing the connection is the one way to free it. The JDK reads these settings once, when the JVM
     * creates its first HTTP server: they apply as set here when the learner's is the first, as it is in
     * {@code ./streambind learner}; settings already given (e.g. as -D options) are kept.
     */
    private static void closeStalledExchangesAfter(Duration timeout) {
        String seconds = Long.toString(Math.max(1, (timeout.toMillis() + 999) / 1000));
        for (String key : new String[] {"sun.net.httpserver.maxReqTime", "sun.net.httpserver.maxRspTime"}) {
            if (System.getProperty(key) == null) {
                System.setProperty(key, seconds);
            }
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * Serves models from these streams, whose topology announces its snapshot writes to {@code snapshotWrites};
     * {@code self} is this instance's advertised application.server.
     */
    public void attach(KafkaStreams streams, SnapshotWrites snapshotWrites, HostInfo self) {
        attach(new StreamsModelStores(streams, snapshotWrites), self);
    }

    void attach(ModelStores stores, HostInfo self) {
        this.self = self;
        this.models = new ServedModels(stores, settings.modelsMax());
        this.stores = stores;
    }

    /** Models decoded for serving now, least recently used first. */
    List<String> decodedModels() {
        ServedModels current = models;
        return current == null ? List.of() : current.cachedIds();
    }

    private void handle(HttpExchange exchange) {
        try (exchange) {
            try {
                admit();
                route(exchange);
            } catch (HttpError e) {
                reply(exchange, e.status(), Map.of("error", e.getMessage()));
            } catch (InvalidStateStoreException e) {
                // a store read that a rebalance overtook
                reply(exchange, 503, Map.of("error", "state stores are moving between instances; retry"));
            } catch (RuntimeException e) {
                log.warn("HTTP {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
                reply(
                        exchange,
                        500,
                        Map.of("error", "internal error: " + e.getClass().getSimpleName()));
            }
        } catch (IOException e) {
            log.debug("HTTP client went away", e);
        }
    }

    private static void admit() throws HttpError {
        switch (HttpWorkers.admission()) {
            case OVERLOADED ->
                throw new HttpError(
                        503, "the server is busy (learner.http.threads," + " learner.http.queue.size); retry");
            case EXPIRED ->
                throw new HttpError(
                        503,
                        "the request waited for a thread past its deadline"
                                + " (learner.http.request.timeout.ms); retry");
            case ADMITTED -> {}
        }
    }

    private void route(HttpExchange exchange) throws IOException, HttpError {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        if (path.equals("/metrics")) {
            requireMethod(method, "GET");
            byte[] body = meters.scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            return;
        }
        if (path.equals("/models")) {
            requireMethod(method, "GET");
            reply(exchange, 200, listModels());
            return;
        }
        Matcher matcher = MODEL_PATH.matcher(path);
        if (!matcher.matches()) {
            throw new HttpError(
                    404, "no such endpoint: " + path + " (try /metrics, /models, /models/{id}, /models/{id}/embed)");
        }
        String modelId = matcher.group(1);
        if (matcher.group(2) == null) {
            requireMethod(method, "GET");
            reply(exchange, 200, describe(modelId));
            return;
        }
        requireMethod(method, "POST");
        RequestBody body = RequestBody.of(exchange, settings.maxRequestBytes(), settings.requestTimeout());
        HostInfo owner = attached().activeHost(modelId);
        if (!owner.equals(self)) {
            if (exchange.getRequestHeaders().containsKey(FORWARDED_HEADER)) {
                throw new HttpError(503, "model '" + modelId + "' is moving between instances; retry");
            }
            forward(exchange, owner, path, body.readAll());
            return;
        }
        reply(exchange, 200, embed(modelId, body));
    }

    private List<Map<String, Object>> listModels() throws HttpError {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Manifest manifest : served().localManifests()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("modelId", manifest.modelId);
            entry.put("step", manifest.step);
            entry.put("version", manifest.step);
            entry.put("samplesSeen", manifest.samplesSeen);
            list.add(entry);
        }
        return list;
    }

    private Map<String, Object> describe(String modelId) throws HttpError {
        ServedModels.Served served = served().local(modelId);
        if (served == null) {
            throw new HttpError(404, "model '" + modelId + "' is not held by this instance");
        }
        ContinualModel model = served.model();
        Map<String, Object> ranks = new LinkedHashMap<>();
        for (String modality : model.modalities()) {
            ranks.put(
                    modality,
                    Map.of(
                            "right",
                            model.ranks(modality).right(),
                            "left",
                            model.ranks(modality).left(),
                            "inputWidth",
                            model.inputWidth(modality)));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("modelId", modelId);
        body.put("step", served.manifest().step);
        body.put("version", served.manifest().step);
        body.put("batchesSeen", model.batchesSeen());
        body.put("outputWidth", model.outputWidth());
        body.put("ranks", ranks);
        body.put("provenance", model.provenance());
        return body;
    }

    /**
     * Projects the request's vectors with the model's last snapshot; {@code version} and {@code batchesSeen}
     * say which snapshot (training is deterministic, so they name its weights exactly).
     */
    private Map<String, Object> embed(String modelId, RequestBody body) throws HttpError {
        ServedModels.Served served = served().local(modelId);
        if (served == null) {
            throw new HttpError(404, "model '" + modelId + "' does not exist");
        }
        ContinualModel model = served.model();
        int widest =
                model.modalities().stream().mapToInt(model::inputWidth).max().orElse(0);
        EmbedRequest request = EmbedRequest.read(body, settings.maxVectors(), widest);
        if (!model.modalities().contains(request.modality())) {
            throw new HttpError(
                    400,
                    "model '" + modelId + "' has no head for modality '" + request.modality() + "' (known: "
                            + model.modalities() + ")");
        }
        int width = model.inputWidth(request.modality());
        if (request.width() != width) {
            throw new HttpError(
                    400,
                    "vectors have width " + request.width() + " but the '" + request.modality() + "' head takes "
                            + width);
        }
        float[] projected = model.embed(request.modality(), request.rows(), request.count());
        int out = projected.length / request.count();
        float[][] rows = new float[request.count()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = Arrays.copyOfRange(projected, i * out, (i + 1) * out);
        }
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("modelId", modelId);
        reply.put("version", model.step());
        reply.put("batchesSeen", model.batchesSeen());
        reply.put("modality", request.modality());
        reply.put("vectors", rows);
        return reply;
    }

    private void forward(HttpExchange exchange, HostInfo owner, String path, byte[] body)
            throws IOException, HttpError {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + owner.host() + ":" + owner.port() + path))
                .timeout(settings.requestTimeout())
                .header("Content-Type", "application/json")
                .header(FORWARDED_HEADER, "1")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpResponse<byte[]> response;
        try {
            response = forwarder.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new HttpError(502, "the instance holding the model (" + owner + ") did not answer");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HttpError(503, "interrupted");
        }
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        response.headers()
                .firstValue("Retry-After")
                .ifPresent(v -> exchange.getResponseHeaders().set("Retry-After", v));
        exchange.sendResponseHeaders(response.statusCode(), response.body().length);
        exchange.getResponseBody().write(response.body());
    }

    private ModelStores attached() throws HttpError {
        ModelStores current = stores;
        if (current == null) {
            throw new HttpError(503, "the learner is starting");
        }
        return current;
    }

    private ServedModels served() throws HttpError {
        ServedModels current = models;
        if (current == null) {
            throw new HttpError(503, "the learner is starting");
        }
        return current;
    }

    private static void requireMethod(String method, String expected) throws HttpError {
        if (!method.equals(expected)) {
            throw new HttpError(405, "use " + expected);
        }
    }

    /**
     * A JSON answer. A 503 tells the client when to come back; an error closes the connection, since the
     * request body may be left unread.
     */
    private static void reply(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        if (status == 503) {
            exchange.getResponseHeaders().set("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
        }
        if (status >= 400) {
            exchange.getResponseHeaders().set("Connection", "close");
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        workers.close();
    }
}
