package io.streambind.cli.bench;

import io.streambind.cli.Stopwatch;
import io.streambind.cli.demo.EmbeddedStack;
import io.streambind.learner.InstanceIdentity;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.StreamsConfig;

/** A {@code ./streambind learner} process: this JVM's class path and options, its own state dir and HTTP port. */
record LearnerProcess(Process process, Path stateDir, int port, Path log) {
    private static final String MAIN_CLASS = "io.streambind.cli.StreamBindCli";
    /** The launcher's class-data sharing archive of the learner, next to the CLI jar. */
    private static final String LEARNER_CLASS_ARCHIVE = "streambind-learner.jsa";

    /** @param settings learner settings beside the defaults, for the {@code --config} file */
    static LearnerProcess start(
            EmbeddedStack stack,
            String applicationId,
            Path stateDir,
            int standbys,
            Map<String, String> settings,
            Path log)
            throws IOException {
        Files.createDirectories(log.getParent());
        Path config = log.resolveSibling(log.getFileName() + ".properties");
        Properties props = new Properties();
        props.putAll(settings);
        props.setProperty(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.setProperty(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, Integer.toString(standbys));
        try (Writer writer = Files.newBufferedWriter(config)) {
            props.store(writer, "bench recovery learner");
        }
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        // ./streambind learner maps the class-data archive the launcher keeps next to the CLI jar; so do these.
        Path archive = Path.of(System.getProperty("java.class.path").split(File.pathSeparator)[0])
                .resolveSibling(LEARNER_CLASS_ARCHIVE);
        if (Files.isRegularFile(archive)) {
            command.addAll(List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds*=off"));
        }
        command.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                MAIN_CLASS,
                "learner",
                "--bootstrap",
                stack.bootstrapServers(),
                "--registry",
                stack.registryUrl(),
                "--config",
                config.toString(),
                "--state-dir",
                stateDir.toString(),
                "--http-port",
                Integer.toString(port)));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        return new LearnerProcess(process, stateDir, port, log);
    }

    /** The group.instance.id of its one stream thread: the id it keeps in its state dir, with Kafka Streams' suffix. */
    String memberId(String applicationId) throws IOException {
        return Files.readString(stateDir.resolve(applicationId).resolve(InstanceIdentity.FILE_NAME))
                        .strip() + "-1";
    }

    /**
     * Prints the start milestones it logged past {@code fromByte} of its log, each with its time after the
     * start of {@code since}, read from the log line's clock time.
     */
    void printStartMilestones(PrintStream out, long fromByte, Stopwatch since) throws IOException {
        LocalTime start = since.startedAt();
        byte[] bytes = Files.readAllBytes(log);
        String logged = new String(bytes, (int) fromByte, bytes.length - (int) fromByte, StandardCharsets.UTF_8);
        for (String line : logged.split("\\n")) {
            int at = line.indexOf("Learner start:");
            if (at >= 0) {
                String milestone = line.substring(at + "Learner start: ".length());
                try {
                    // The CLI's log lines start with their clock time, HH:mm:ss.SSS.
                    double after = Duration.between(start, LocalTime.parse(line.substring(0, 12)))
                                    .toMillis()
                            / 1e3;
                    out.printf(Locale.ROOT, "        %+6.1f s  %s%n", after, milestone);
                } catch (DateTimeParseException | StringIndexOutOfBoundsException otherLogFormat) {
                    out.println("        " + milestone);
                }
            }
        }
    }

    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, as a deployment stops it: the learner closes and leaves the group. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
