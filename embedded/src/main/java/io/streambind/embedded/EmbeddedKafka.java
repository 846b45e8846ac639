package io.streambind.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-process single-node Kafka (KRaft, combined broker + controller) on 127.0.0.1.
 *
 * <p>Data lives under a directory the caller chooses; starting again on the same directory keeps
 * topics and records (the storage is formatted only once). {@link #stop()} and {@link #restart()}
 * keep the same ports, so running clients reconnect to the same bootstrap address.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final String HOST = "127.0.0.1";
    private static final int NODE_ID = 1;
    private static final String BROKER_LISTENER = "PLAINTEXT";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";

    private final EmbeddedKafkaConfig config;
    private final int brokerPort;
    private final int controllerPort;
    private KafkaRaftServer server;
    private long startupMillis;

    private EmbeddedKafka(EmbeddedKafkaConfig config, int brokerPort, int controllerPort) {
        this.config = config;
        this.brokerPort = brokerPort;
        this.controllerPort = controllerPort;
    }

    /** Formats the data directory if it is new, starts the node and waits until the broker serves. */
    public static EmbeddedKafka start(EmbeddedKafkaConfig config) {
        int brokerPort = config.brokerPort() > 0 ? config.brokerPort() : freePort();
        int controllerPort = config.controllerPort() > 0 ? config.controllerPort() : freePort();
        EmbeddedKafka kafka = new EmbeddedKafka(config, brokerPort, controllerPort);
        kafka.startServer();
        return kafka;
    }

    /** Starts a node with default settings on {@code dataDir}. */
    public static EmbeddedKafka start(Path dataDir) {
        return start(EmbeddedKafkaConfig.builder(dataDir).build());
    }

    public String bootstrapServers() {
        return HOST + ":" + brokerPort;
    }

    public Path dataDir() {
        return config.dataDir();
    }

    /** Wall time of the last start (format when needed, controller election, broker unfenced). */
    public long startupMillis() {
        return startupMillis;
    }

    public boolean isRunning() {
        return server != null;
    }

    /** Shuts the node down cleanly; data and ports are kept for {@link #restart()}. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        long begin = System.nanoTime();
        server.shutdown();
        server.awaitShutdown();
        server = null;
        log.info("Embedded Kafka at {} stopped in {} ms", bootstrapServers(), (System.nanoTime() - begin) / 1_000_000);
    }

    /** Starts the node again on the same data directory and ports. */
    public synchronized void restart() {
        stop();
        startServer();
    }

    @Override
    public void close() {
        stop();
    }

    private synchronized void startServer() {
        long begin = System.nanoTime();
        Path logDir = config.dataDir().resolve("kraft");
        KafkaConfig kafkaConfig = new KafkaConfig(serverProperties(logDir), false);
        formatIfNew(logDir);
        KafkaRaftServer started = new KafkaRaftServer(kafkaConfig, Time.SYSTEM);
        // BrokerServer.startup returns once the broker has caught up with metadata and is unfenced.
        started.startup();
        server = started;
        startupMillis = (System.nanoTime() - begin) / 1_000_000;
        log.info("Embedded Kafka started at {} in {} ms (data {})", bootstrapServers(), startupMillis, logDir);
    }

    private Map<String, Object> serverProperties(Path logDir) {
        Map<String, Object> props = new HashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", Integer.toString(NODE_ID));
        props.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        props.put(
                "listeners",
                BROKER_LISTENER + "://" + HOST + ":" + brokerPort + "," + CONTROLLER_LISTENER + "://" + HOST + ":"
                        + controllerPort);
        props.put("advertised.listeners", BROKER_LISTENER + "://" + HOST + ":" + brokerPort);
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("inter.broker.listener.name", BROKER_LISTENER);
        props.put(
                "listener.security.protocol.map", BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        props.put("log.dirs", logDir.toString());
        props.put("metadata.log.dir", logDir.toString());
        // One node: internal topics must not ask for more replicas than exist, or consumer groups never
        // find a coordinator and transactions never start.
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", Integer.toString(config.internalTopicPartitions()));
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", Integer.toString(config.internalTopicPartitions()));
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("min.insync.replicas", "1");
        props.put("default.replication.factor", "1");
        props.put("num.partitions", "1");
        // Tests and the demo create their topics explicitly; a typo must fail instead of creating a topic.
        props.put("auto.create.topics.enable", "false");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("message.max.bytes", Integer.toString(config.maxRecordBytes()));
        props.put("replica.fetch.max.bytes", Integer.toString(config.maxRecordBytes()));
        // Small machine: fewer threads, and a 2 MiB instead of 128 MiB compaction dedupe buffer.
        props.put("num.network.threads", "2");
        props.put("num.io.threads", "2");
        props.put("background.threads", "2");
        props.put("log.cleaner.dedupe.buffer.size", Integer.toString(2 * 1024 * 1024));
        props.putAll(config.overrides());
        return props;
    }

    private void formatIfNew(Path logDir) {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }
        try {
            Files.createDirectories(logDir);
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(List.of(logDir.toString()))
                    .setMetadataLogDirectory(logDir.toString())
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setReleaseVersion(MetadataVersion.latestProduction())
                    .run();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create Kafka data directory " + logDir, e);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot format Kafka data directory " + logDir, e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port on " + HOST, e);
        }
    }
}
