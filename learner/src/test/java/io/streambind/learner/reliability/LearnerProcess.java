package io.streambind.learner.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/** A learner JVM started with {@link LearnerProcessMain} on the test's own classpath; {@link #kill()} is SIGKILL. */
final class LearnerProcess {
    private final Process process;
    private final Path log;

    private LearnerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static LearnerProcess start(Map<String, String> settings, Path workDir, String name) {
        return start(settings, workDir, name, List.of());
    }

    /** @param jvmOptions extra options before the main class, e.g. a log level system property */
    static LearnerProcess start(Map<String, String> settings, Path workDir, String name, List<String> jvmOptions) {
        try {
            Files.createDirectories(workDir);
            Path config = workDir.resolve(name + ".properties");
            Properties props = new Properties();
            props.putAll(settings);
            try (Writer out = Files.newBufferedWriter(config)) {
                props.store(out, "learner process " + name);
            }
            Path log = workDir.resolve(name + ".log");
            String java =
                    Path.of(System.getProperty("java.home"), "bin", "java").toString();
            // Surefire/failsafe may hide the classpath in a manifest-only jar; this property has it in full.
            String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            List<String> command = new ArrayList<>(List.of(java, "-Xmx1g", "-XX:+UseSerialGC"));
            command.addAll(jvmOptions);
            command.addAll(List.of("-cp", classpath, LearnerProcessMain.class.getName(), config.toString()));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putIfAbsent("OPENBLAS_CORETYPE", "HASWELL");
            builder.environment().putIfAbsent("OPENBLAS_THREAD_TIMEOUT", "20");
            return new LearnerProcess(builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a learner process", e);
        }
    }

    /** SIGKILL (Process.destroyForcibly on Linux): no shutdown hook, no close, no final commit. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("learner process " + process.pid() + " survived SIGKILL");
        }
    }

    /** SIGTERM: the JVM runs its shutdown hooks, so the learner closes and leaves its group. */
    void terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("learner process " + process.pid() + " did not stop on SIGTERM");
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Path log() {
        return log;
    }
}
