package io.streambind.learner;

import io.streambind.core.config.DnsConfig;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Kafka Streams settings of the learner: exactly-once v2, a commit interval and record cache sized for
 * per-step outputs (see the defaults below) unless told otherwise, the HTTP address
 * as application.server for interactive-query routing, and every client/streams key of the
 * configuration passed through (num.standby.replicas, state.dir, security settings, ...).
 */
public final class LearnerStreamsConfig {
    public static final String DEFAULT_APPLICATION_ID = "streambind-learner";
    /**
     * Kafka Streams commits every 100 ms under exactly-once by default, for latency. The learner's outputs
     * come once per step, so it commits less often: each commit costs a transaction round and a store flush,
     * and a longer interval lets the record cache drop redo entries that a snapshot clears before they are
     * ever written (a crash redoes at most this much work, still exactly once).
     */
    public static final long DEFAULT_COMMIT_INTERVAL_MS = 5_000;
    /** Record cache of all stores of an instance: one step's redo entries and snapshot at d = 1024 fit. */
    public static final long DEFAULT_CACHE_MAX_BYTES = 256L << 20;
    /**
     * A transaction spans a commit interval (5 s) and the longest record in it; a step end of a large model
     * (eigendecompositions, evaluation, snapshot) takes seconds, more on a loaded host, so Kafka Streams'
     * 10 s is raised. Not far: a learner killed inside a commit leaves its offsets pending until its
     * transaction ends, and where the survivor cannot abort it (see OrphanedTransactionAborter) it waits this
     * long.
     */
    public static final int DEFAULT_TRANSACTION_TIMEOUT_MS = 30_000;
    /**
     * Kafka Streams processes every record a poll brought before it polls again, and the consumer sends the
     * next fetch at the end of a poll, so that fetch's response arrives while those records train, as far as
     * the socket's receive buffer holds it; the rest waits for the next poll. 4 MiB (about 8 batch records at
     * d = 1024) fits the buffer below; the consumer's 1 MiB default brought two batches per poll, and 16 MiB
     * responses waited at the next poll for what did not fit.
     */
    public static final int DEFAULT_MAX_PARTITION_FETCH_BYTES = 4 << 20;
    /**
     * The consumer reads a fetch response from its socket only inside a poll, between records. With its
     * 64 KiB default buffer the broker could send little of the next response while a batch trained, and
     * the next poll waited for the rest (learner alone blocked on Kafka 2.0-2.6 s → 1.5 s per bench run
     * with 8 MiB). The OS caps it at net.core.rmem_max (4 MiB here, which the kernel doubles).
     */
    public static final int DEFAULT_RECEIVE_BUFFER_BYTES = 8 << 20;
    /**
     * A step-end snapshot at d = 1024 is tens of MB sent at once (sections store, published heads); with the
     * producer's 32 MiB default the sends of a snapshot waited for the broker to acknowledge the first ones.
     */
    public static final long DEFAULT_PRODUCER_BUFFER_MEMORY = 128L << 20;
    /**
     * How long a member that stops heartbeating keeps its models before the group moves them (a killed
     * instance that does not come back; one that restarts rejoins under its static id and takes them back at
     * once, see {@link InstanceIdentity}). Heartbeats come from the consumer's own thread, so training and
     * step ends do not delay them; only a stop of the whole JVM or host does. 6 s is the broker's least
     * (group.min.session.timeout.ms) and tolerates four lost heartbeats, a pause of over 4.5 s, against GC
     * pauses of well under a second in the learner; the client default of 45 s left a killed instance's
     * models untrained for as long.
     */
    public static final int DEFAULT_SESSION_TIMEOUT_MS = 6_000;
    /** A quarter of the session timeout, so that a late heartbeat or two do not end a session. */
    public static final int DEFAULT_HEARTBEAT_INTERVAL_MS = 1_500;
    /** Prefixes of keys that belong to StreamBind itself, not to the Kafka clients. */
    private static final String[] OWN_PREFIXES = {
        "learner.", DnsConfig.PREFIX, "streambind.", "schema.registry.", "basic.auth.", ModelConfigs.PREFIX
    };

    private LearnerStreamsConfig() {}

    public static Properties properties(Map<String, String> settings, String advertisedHost, int httpPort) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, DEFAULT_APPLICATION_ID);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, Long.toString(DEFAULT_COMMIT_INTERVAL_MS));
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, Long.toString(DEFAULT_CACHE_MAX_BYTES));
        props.put(
                StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG),
                Integer.toString(DEFAULT_TRANSACTION_TIMEOUT_MS));
        props.put(
                StreamsConfig.mainConsumerPrefix(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG),
                Integer.toString(DEFAULT_MAX_PARTITION_FETCH_BYTES));
        props.put(
                StreamsConfig.mainConsumerPrefix(ConsumerConfig.RECEIVE_BUFFER_CONFIG),
                Integer.toString(DEFAULT_RECEIVE_BUFFER_BYTES));
        props.put(
                StreamsConfig.producerPrefix(ProducerConfig.BUFFER_MEMORY_CONFIG),
                Long.toString(DEFAULT_PRODUCER_BUFFER_MEMORY));
        // Unprefixed, so that a session timeout given for the consumers in any form overrides it.
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, Integer.toString(DEFAULT_SESSION_TIMEOUT_MS));
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Integer.toString(DEFAULT_HEARTBEAT_INTERVAL_MS));
        settings.forEach((key, value) -> {
            if (!isOwnKey(key)) {
                props.put(key, value);
            }
        });
        props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, advertisedHost + ":" + httpPort);
        return props;
    }

    private static boolean isOwnKey(String key) {
        for (String prefix : OWN_PREFIXES) {
            if (key.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
