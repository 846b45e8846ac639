package io.streambind.cli;

import io.streambind.learner.LearnerApp;
import io.streambind.learner.LearnerConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./streambind learner}: runs the Kafka Streams learner and its HTTP server until stopped. */
@Command(
        name = "learner",
        mixinStandardHelpOptions = true,
        description =
                "Run the continual learner: train from streambind.batches, publish reports and snapshots, serve /metrics, /models, /embed.")
public final class LearnerCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Option(names = "--http-port", description = "HTTP port (default: learner.http.port, 8080; 0 = any free port).")
    Integer httpPort;

    @Option(names = "--http-host", description = "HTTP bind address (default: learner.http.host, 127.0.0.1).")
    String httpHost;

    @Option(
            names = "--http-advertised-host",
            description = "Host other learner instances use to reach this one's HTTP"
                    + " server, for forwarding embed requests; needed when binding 0.0.0.0 (default: learner.http.advertised.host,"
                    + " the bind host).")
    String httpAdvertisedHost;

    @Option(
            names = "--state-dir",
            description = "Directory of the Kafka Streams state stores (default: state.dir, a temp directory).")
    Path stateDir;

    @Mixin
    DnsThresholdOptions thresholds;

    @Mixin
    PrecisionOption precision;

    @Override
    public Integer call() throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        LearnerApp app = LearnerApp.start(settings());
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            app.close();
                            stopped.countDown();
                        },
                        "learner-shutdown"));
        System.out.println("learner running; HTTP on port " + app.httpPort() + " (Ctrl-C to stop)");
        // Kafka Streams stops on its own only after an error it cannot ride out (the log says which).
        while (!stopped.await(1, TimeUnit.SECONDS)) {
            if (app.streams().state() == KafkaStreams.State.ERROR) {
                System.err.println("learner: stopped after an error (see the log)");
                return 1;
            }
        }
        return 0;
    }

    /** The learner settings: the connection's client properties with the options over them. */
    Map<String, String> settings() {
        Map<String, String> settings = new HashMap<>();
        connection.clientProperties().forEach((k, v) -> settings.put(k.toString(), v.toString()));
        if (httpPort != null) {
            settings.put(LearnerConfig.HTTP_PORT, httpPort.toString());
        }
        if (httpHost != null) {
            settings.put(LearnerConfig.HTTP_HOST, httpHost);
        }
        if (httpAdvertisedHost != null) {
            settings.put(LearnerConfig.HTTP_ADVERTISED_HOST, httpAdvertisedHost);
        }
        if (stateDir != null) {
            settings.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        }
        thresholds.putInto(settings);
        precision.putInto(settings);
        return settings;
    }
}
