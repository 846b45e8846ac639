package io.streambind.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * CPU time of this process's threads during a benchmark, by Linux thread name (15 characters, digits
 * as N): Java threads, and the native ones the JVM does not list (BLAS workers, which inherit the name of
 * the thread that started them, RocksDB, JIT compilers, GC). Threads are sampled periodically so that
 * those which end before the benchmark does (the learner's stream thread) still count. Empty where
 * /proc does not exist.
 */
final class ThreadCpuSampler implements AutoCloseable {
    private static final long PERIOD_MILLIS = 250;
    private static final Path TASKS = Path.of("/proc/self/task");
    private static final double TICKS_PER_SECOND = 100;

    private final Map<String, Long> startTicks = new HashMap<>();
    private final Map<String, Long> lastTicks = new ConcurrentHashMap<>();
    private final Map<String, String> names = new ConcurrentHashMap<>();
    private final Thread sampler;
    private volatile boolean running = true;

    ThreadCpuSampler() {
        sample(startTicks);
        sampler = new Thread(this::sampleUntilClosed, "thread-cpu-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    private void sampleUntilClosed() {
        while (running) {
            sample(lastTicks);
            try {
                Thread.sleep(PERIOD_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** utime + stime of every thread, from /proc/self/task/<tid>/stat. */
    private void sample(Map<String, Long> into) {
        if (!Files.isDirectory(TASKS)) {
            return;
        }
        try (Stream<Path> tasks = Files.list(TASKS)) {
            tasks.forEach(task -> {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    int close = stat.lastIndexOf(')');
                    String[] fields = stat.substring(close + 2).split(" ");
                    String tid = task.getFileName().toString();
                    into.put(tid, Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
                    names.computeIfAbsent(
                            tid,
                            t -> stat.substring(stat.indexOf('(') + 1, close).replaceAll("\\d+", "N"));
                } catch (IOException | RuntimeException e) {
                    // the thread ended between listing and reading
                }
            });
        } catch (IOException e) {
            // /proc vanished: keep what was sampled
        }
    }

    /** CPU seconds by thread name since this sampler started, largest first. */
    Map<String, Double> secondsByThreadName() {
        sample(lastTicks);
        Map<String, Double> byName = new HashMap<>();
        lastTicks.forEach((tid, ticks) -> byName.merge(
                names.get(tid), (ticks - startTicks.getOrDefault(tid, 0L)) / TICKS_PER_SECOND, Double::sum));
        Map<String, Double> sorted = new LinkedHashMap<>();
        byName.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }
}
