package io.streambind.learner;

import io.streambind.core.config.RenamedKeys;
import io.streambind.core.model.ContinualModel;
import io.streambind.core.model.ResourceLimits;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * Every learner setting: key, type, default and doc, defined once. Kafka Streams settings keep
 * their own names and are passed through; the DNS math reads its own keys (core's DnsConfig), the
 * registry client and topic names theirs (schemas' RegistryClientConfig and Topics).
 */
public final class LearnerConfig extends AbstractConfig {

    public static final String SNAPSHOT_INTERVAL_BATCHES = "learner.snapshot.interval.batches";
    private static final String SNAPSHOT_INTERVAL_BATCHES_DOC =
            "Trained batches between two snapshots of a model's sections in the state store; every step end writes"
                    + " one too. Between snapshots the store keeps a redo log of the raw batches; a larger interval writes"
                    + " fewer section bytes and replays more batches on restore (128 batches: about 3 s of training at d = 1024).";
    /**
     * A mid-step snapshot of a trained pair at d = 1024 is about 50 MB (weights, Adam moments, step sums and
     * history of two heads) against 0.5 MB per redo entry, and goes to the changelog as it is written:
     * with 32, the 4x-step bench wrote 0.80 MB of changelog per batch and spent 6-8 s in snapshots.
     */
    public static final int SNAPSHOT_INTERVAL_BATCHES_DEFAULT = 128;

    public static final String STEP_COMMIT_DELAY_MS = "learner.step.commit.delay.ms";
    /**
     * Long enough for a d = 1024 step end's changelog and published heads (tens of MB) to reach the broker
     * while the next batches train, short next to the step itself.
     */
    public static final long STEP_COMMIT_DELAY_MS_DEFAULT = 200;

    private static final String STEP_COMMIT_DELAY_MS_DOC =
            "A closed step's report, published version and state are committed this many milliseconds after its"
                    + " marker, rather than at the next commit interval. The step-end snapshot goes to the changelog"
                    + " as it is written, so the delay lets it reach the broker while the next batches train; the"
                    + " commit then waits only for what is still in flight. 0 commits right at the marker.";

    public static final String CHANGELOG_SEGMENT_BYTES = "learner.changelog.segment.bytes";
    /**
     * A few step-end snapshots of a d = 1024 model per segment: a restore then reads about twice the live
     * state plus one segment however long the history (RestoreTimeIT's 7-modality model after 8 steps:
     * 172 MB left of 706 MB written, restored in 2.5 s; LongHistoryRestoreIT).
     */
    public static final int CHANGELOG_SEGMENT_BYTES_DEFAULT = 64 << 20;

    private static final String CHANGELOG_SEGMENT_BYTES_DOC =
            "segment.bytes of the learner's changelog topics: Kafka Streams sets it when it creates them, and the"
                    + " learner sets it on existing ones as it starts (warning where the broker denies it). The broker"
                    + " compacts closed segments only: with its 1 GiB default every"
                    + " superseded snapshot stays in the open segment, and a restore reads up to a GiB of history. With"
                    + " smaller segments compaction drops them, and a restore reads about twice the live state plus one"
                    + " segment.";

    public static final String HEADS_REFRESH_MS = "learner.models.heads.refresh.ms";
    /** One day: well within the 7-day retention Kafka gives a topic by default. */
    public static final long HEADS_REFRESH_MS_DEFAULT = 24 * 60 * 60 * 1000L;

    private static final String HEADS_REFRESH_MS_DOC =
            "A version published to the models topic carries the heads trained in its step; a head not trained"
                    + " since an earlier version names that version instead of repeating its weights, as long as that"
                    + " version is younger than this (by record timestamps), so that it stays within the topic's"
                    + " retention: keep the models topic's retention.ms above it. 0 makes every version carry every"
                    + " head (self-contained versions, at the cost of repeating unchanged heads).";

    public static final String MAX_PENDING_PARTS = "learner.parts.max.pending";
    private static final String MAX_PENDING_PARTS_DOC =
            "Parts of split batches a model may hold while waiting for the rest; a part beyond it goes to the DLQ.";

    public static final String MAX_PARTS_PER_BATCH = "learner.parts.max.per.batch";
    private static final String MAX_PARTS_PER_BATCH_DOC = "Largest parts count a split batch may declare.";

    public static final String MAX_TEST_PAIRS = "learner.eval.max.test.pairs";
    private static final String MAX_TEST_PAIRS_DOC =
            "Test pairs kept per task for evaluation (the first ones that arrive); later test rows are dropped.";

    public static final String DEDUP_RETAINED_STEPS = "learner.dedup.retained.steps";
    private static final String DEDUP_RETAINED_STEPS_DOC =
            "Closed steps whose batch ids are still remembered for duplicate detection, besides the current step."
                    + " A producer retry lands within seconds of the original, so one step is plenty.";

    public static final String BATCH_MAX_ROWS = "learner.batch.max.rows";
    private static final String BATCH_MAX_ROWS_DOC =
            "Most rows one training iteration takes (a split batch's parts together); a longer batch goes to the DLQ"
                    + " as batch-too-large, not cut into pieces, since its rows are one another's InfoNCE negatives."
                    + " Each model's workspace holds n x n float scores.";

    public static final String MODALITY_MAX_WIDTH = "learner.modality.max.width";
    private static final String MODALITY_MAX_WIDTH_DOC =
            "Widest input a new modality's head may take (existing heads keep theirs); a wider one goes to the DLQ as"
                    + " width-over-limit. A head of width d and output width d_out holds about 20 d_out (d + 1)"
                    + " + 24 (d + 1)^2 bytes: 0.2 GB at d = d_out = 2048, 0.8 GB at 4096.";

    public static final String MODEL_MAX_MODALITIES = "learner.model.max.modalities";
    private static final String MODEL_MAX_MODALITIES_DOC =
            "Most modalities (heads) one model may have; a batch that would add one more goes to the DLQ as"
                    + " too-many-modalities.";

    public static final String INSTANCE_MAX_MODELS = "learner.instance.max.models";
    private static final String INSTANCE_MAX_MODELS_DOC =
            "Most models this instance holds over all its stream tasks; a record that would start another goes to"
                    + " the DLQ as model-limit. Models are kept in the state stores on disk; learner.hot.max.models"
                    + " of them per task are decoded in memory.";
    /** A stored d = 1024 pair model is about 50 MB on disk and in its changelog. */
    public static final int INSTANCE_MAX_MODELS_DEFAULT = 256;

    public static final String HOT_MAX_MODELS = "learner.hot.max.models";
    private static final String HOT_MAX_MODELS_DOC =
            "Models kept decoded in memory per stream task; the least recently used one is dropped beyond it and"
                    + " rebuilt from the store when it is needed again.";

    public static final String HTTP_HOST = "learner.http.host";
    private static final String HTTP_HOST_DOC = "Address the HTTP server (metrics, models, embed) binds to.";

    public static final String HTTP_PORT = "learner.http.port";
    private static final String HTTP_PORT_DOC = "Port of the HTTP server; 0 picks a free one.";

    public static final String HTTP_ADVERTISED_HOST = "learner.http.advertised.host";
    private static final String HTTP_ADVERTISED_HOST_DOC =
            "Host other instances use to reach this one's HTTP server (Kafka Streams application.server);"
                    + " empty means the bind host.";

    public static final String EMBED_MAX_VECTORS = "learner.embed.max.vectors";
    private static final String EMBED_MAX_VECTORS_DOC = "Largest vector count one embed request may carry.";

    public static final String EMBED_MAX_REQUEST_BYTES = "learner.embed.max.request.bytes";
    private static final String EMBED_MAX_REQUEST_BYTES_DOC =
            "Largest embed request body, in bytes: a larger declared Content-Length is refused before the body is"
                    + " read, and the body is parsed as it arrives, never reading past this many bytes.";

    public static final String HTTP_THREADS = "learner.http.threads";
    private static final String HTTP_THREADS_DOC =
            "Threads that answer HTTP requests (metrics, models, embed); an embed occupies one for its GEMM.";

    public static final String HTTP_QUEUE_SIZE = "learner.http.queue.size";
    private static final String HTTP_QUEUE_SIZE_DOC =
            "Requests that may wait for a free HTTP thread; beyond it a request is answered 503 with Retry-After at"
                    + " once, without reading its body.";

    public static final String HTTP_REQUEST_TIMEOUT_MS = "learner.http.request.timeout.ms";
    private static final String HTTP_REQUEST_TIMEOUT_MS_DOC =
            "Deadline of one HTTP request, in milliseconds: a request still queued after it is answered 503, a body"
                    + " still arriving after it 408, and a request forwarded to the instance that holds the model"
                    + " waits this long for the answer (502 after it).";

    public static final String SERVE_MAX_MODELS = "learner.serve.max.models";
    private static final String SERVE_MAX_MODELS_DOC =
            "Models kept decoded for serving (embed, GET /models/{id}); the least recently used one is dropped"
                    + " beyond it, and a model is dropped as soon as this instance no longer holds it.";

    public static final String METRICS_KAFKA_REFRESH_MS = "learner.metrics.kafka.refresh.ms";
    private static final String METRICS_KAFKA_REFRESH_MS_DOC =
            "How often the Kafka Streams metrics binder looks for new Kafka metrics (tasks and clients created after"
                    + " start, e.g. by a rebalance), in milliseconds.";

    public static final String INSTANCE_ID = "learner.instance.id";
    private static final String INSTANCE_ID_DOC =
            "Static group membership of this instance: Kafka Streams' group.instance.id, to which it appends each"
                    + " stream thread's index. An instance restarted with the same id takes its models back at once,"
                    + " without waiting for its old session to expire and without moving them elsewhere meanwhile; it"
                    + " must differ between the instances of one application.id. Empty (the default): a random id kept"
                    + " in the state directory (" + InstanceIdentity.FILE_NAME + " under state.dir/application.id),"
                    + " so restarts on the same state directory keep it and instances on distinct state directories"
                    + " differ. A group.instance.id among the Kafka settings is used as it is.";

    public static final String ABORT_ORPHANED_TRANSACTIONS = "learner.orphaned.transactions.abort";
    private static final String ABORT_ORPHANED_TRANSACTIONS_DOC =
            "After each rebalance, for as long as the transaction timeout, abort once a second the open transactions"
                    + " of this application's instances that are no longer in its group (killed inside a commit), so"
                    + " that the instance taking their models over resumes at once instead of after the transaction"
                    + " timeout. Needs DESCRIBE and WRITE on the application's transactional ids and DESCRIBE on its"
                    + " group, which exactly-once processing needs anyway, and Kafka Streams' default client ids"
                    + " (client.id unset), which name each member's process.";

    private static final ConfigDef DEFINITION = new ConfigDef()
            .define(
                    SNAPSHOT_INTERVAL_BATCHES,
                    Type.INT,
                    SNAPSHOT_INTERVAL_BATCHES_DEFAULT,
                    Range.atLeast(1),
                    Importance.MEDIUM,
                    SNAPSHOT_INTERVAL_BATCHES_DOC)
            .define(
                    STEP_COMMIT_DELAY_MS,
                    Type.LONG,
                    STEP_COMMIT_DELAY_MS_DEFAULT,
                    Range.atLeast(0),
                    Importance.LOW,
                    STEP_COMMIT_DELAY_MS_DOC)
            .define(
                    CHANGELOG_SEGMENT_BYTES,
                    Type.INT,
                    CHANGELOG_SEGMENT_BYTES_DEFAULT,
                    Range.atLeast(1 << 20),
                    Importance.MEDIUM,
                    CHANGELOG_SEGMENT_BYTES_DOC)
            .define(
                    HEADS_REFRESH_MS,
                    Type.LONG,
                    HEADS_REFRESH_MS_DEFAULT,
                    Range.atLeast(0),
                    Importance.MEDIUM,
                    HEADS_REFRESH_MS_DOC)
            .define(MAX_PENDING_PARTS, Type.INT, 64, Range.atLeast(1), Importance.LOW, MAX_PENDING_PARTS_DOC)
            .define(MAX_PARTS_PER_BATCH, Type.INT, 64, Range.atLeast(1), Importance.LOW, MAX_PARTS_PER_BATCH_DOC)
            .define(MAX_TEST_PAIRS, Type.INT, 1000, Range.atLeast(1), Importance.MEDIUM, MAX_TEST_PAIRS_DOC)
            .define(DEDUP_RETAINED_STEPS, Type.INT, 1, Range.atLeast(0), Importance.LOW, DEDUP_RETAINED_STEPS_DOC)
            .define(HOT_MAX_MODELS, Type.INT, 8, Range.atLeast(1), Importance.LOW, HOT_MAX_MODELS_DOC)
            .define(
                    BATCH_MAX_ROWS,
                    Type.INT,
                    ResourceLimits.DEFAULT_MAX_BATCH_ROWS,
                    Range.atLeast(1),
                    Importance.MEDIUM,
                    BATCH_MAX_ROWS_DOC)
            .define(
                    MODALITY_MAX_WIDTH,
                    Type.INT,
                    ResourceLimits.DEFAULT_MAX_INPUT_WIDTH,
                    Range.between(1, ContinualModel.MAX_WIDTH),
                    Importance.MEDIUM,
                    MODALITY_MAX_WIDTH_DOC)
            .define(
                    MODEL_MAX_MODALITIES,
                    Type.INT,
                    ResourceLimits.DEFAULT_MAX_MODALITIES,
                    Range.atLeast(2),
                    Importance.MEDIUM,
                    MODEL_MAX_MODALITIES_DOC)
            .define(
                    INSTANCE_MAX_MODELS,
                    Type.INT,
                    INSTANCE_MAX_MODELS_DEFAULT,
                    Range.atLeast(1),
                    Importance.MEDIUM,
                    INSTANCE_MAX_MODELS_DOC)
            .define(HTTP_HOST, Type.STRING, "127.0.0.1", Importance.MEDIUM, HTTP_HOST_DOC)
            .define(HTTP_PORT, Type.INT, 8080, Range.between(0, 65535), Importance.MEDIUM, HTTP_PORT_DOC)
            .define(HTTP_ADVERTISED_HOST, Type.STRING, "", Importance.LOW, HTTP_ADVERTISED_HOST_DOC)
            .define(EMBED_MAX_VECTORS, Type.INT, 4096, Range.atLeast(1), Importance.LOW, EMBED_MAX_VECTORS_DOC)
            .define(
                    EMBED_MAX_REQUEST_BYTES,
                    Type.INT,
                    64 << 20,
                    Range.atLeast(1024),
                    Importance.LOW,
                    EMBED_MAX_REQUEST_BYTES_DOC)
            .define(HTTP_THREADS, Type.INT, 4, Range.between(1, 256), Importance.LOW, HTTP_THREADS_DOC)
            .define(HTTP_QUEUE_SIZE, Type.INT, 32, Range.between(0, 100_000), Importance.LOW, HTTP_QUEUE_SIZE_DOC)
            .define(
                    HTTP_REQUEST_TIMEOUT_MS,
                    Type.LONG,
                    30_000L,
                    Range.atLeast(1000),
                    Importance.LOW,
                    HTTP_REQUEST_TIMEOUT_MS_DOC)
            .define(SERVE_MAX_MODELS, Type.INT, 8, Range.atLeast(1), Importance.LOW, SERVE_MAX_MODELS_DOC)
            .define(
                    METRICS_KAFKA_REFRESH_MS,
                    Type.LONG,
                    15_000L,
                    Range.atLeast(100),
                    Importance.LOW,
                    METRICS_KAFKA_REFRESH_MS_DOC)
            .define(INSTANCE_ID, Type.STRING, "", Importance.MEDIUM, INSTANCE_ID_DOC)
            .define(ABORT_ORPHANED_TRANSACTIONS, Type.BOOLEAN, true, Importance.LOW, ABORT_ORPHANED_TRANSACTIONS_DOC);

    /** Former names of settings, still read: the {@code max} of a limit comes before what it counts. */
    public static final Map<String, String> RENAMED = Map.of(
            "learner.hot.models.max", HOT_MAX_MODELS,
            "learner.serve.models.max", SERVE_MAX_MODELS);

    public LearnerConfig(Map<?, ?> props) {
        super(DEFINITION, RenamedKeys.toCurrentNames(stringKeys(props), RENAMED), false);
    }

    private static Map<String, Object> stringKeys(Map<?, ?> props) {
        Map<String, Object> copy = new LinkedHashMap<>();
        props.forEach((key, value) -> copy.put(String.valueOf(key), value));
        return copy;
    }

    public static ConfigDef definition() {
        return new ConfigDef(DEFINITION);
    }

    /** The per-batch limits of {@link ResourceLimits}. */
    public ResourceLimits resourceLimits() {
        return new ResourceLimits(getInt(BATCH_MAX_ROWS), getInt(MODALITY_MAX_WIDTH), getInt(MODEL_MAX_MODALITIES));
    }

    public int instanceMaxModels() {
        return getInt(INSTANCE_MAX_MODELS);
    }

    public int snapshotIntervalBatches() {
        return getInt(SNAPSHOT_INTERVAL_BATCHES);
    }

    public Duration stepCommitDelay() {
        return Duration.ofMillis(getLong(STEP_COMMIT_DELAY_MS));
    }

    public int changelogSegmentBytes() {
        return getInt(CHANGELOG_SEGMENT_BYTES);
    }

    public long headsRefreshMs() {
        return getLong(HEADS_REFRESH_MS);
    }

    public int maxPendingParts() {
        return getInt(MAX_PENDING_PARTS);
    }

    public int maxPartsPerBatch() {
        return getInt(MAX_PARTS_PER_BATCH);
    }

    public int maxTestPairs() {
        return getInt(MAX_TEST_PAIRS);
    }

    public int dedupRetainedSteps() {
        return getInt(DEDUP_RETAINED_STEPS);
    }

    public int hotModelsMax() {
        return getInt(HOT_MAX_MODELS);
    }

    public String httpHost() {
        return getString(HTTP_HOST);
    }

    public int httpPort() {
        return getInt(HTTP_PORT);
    }

    public String httpAdvertisedHost() {
        String advertised = getString(HTTP_ADVERTISED_HOST);
        return advertised.isEmpty() ? httpHost() : advertised;
    }

    public int embedMaxVectors() {
        return getInt(EMBED_MAX_VECTORS);
    }

    public int embedMaxRequestBytes() {
        return getInt(EMBED_MAX_REQUEST_BYTES);
    }

    public int httpThreads() {
        return getInt(HTTP_THREADS);
    }

    public int httpQueueSize() {
        return getInt(HTTP_QUEUE_SIZE);
    }

    public Duration httpRequestTimeout() {
        return Duration.ofMillis(getLong(HTTP_REQUEST_TIMEOUT_MS));
    }

    public int serveModelsMax() {
        return getInt(SERVE_MAX_MODELS);
    }

    public Duration metricsKafkaRefresh() {
        return Duration.ofMillis(getLong(METRICS_KAFKA_REFRESH_MS));
    }

    public boolean abortOrphanedTransactions() {
        return getBoolean(ABORT_ORPHANED_TRANSACTIONS);
    }

    /** The configured static membership id, empty when it is to be derived from the state directory. */
    public String instanceId() {
        return getString(INSTANCE_ID);
    }
}
