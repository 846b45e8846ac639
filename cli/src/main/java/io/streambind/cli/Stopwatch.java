package io.streambind.cli;

import java.time.Duration;
import java.time.LocalTime;

/** Time since a moment on this JVM's monotonic clock: how the CLI times a phase, or waits up to a limit. */
public final class Stopwatch {
    private final long startNanos;

    private Stopwatch(long startNanos) {
        this.startNanos = startNanos;
    }

    public static Stopwatch start() {
        return new Stopwatch(System.nanoTime());
    }

    public double seconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** Whether more than {@code limit} has passed since the start. */
    public boolean exceeded(Duration limit) {
        return System.nanoTime() - startNanos > limit.toNanos();
    }

    /** The wall-clock time of the start, to set against the clock times of log lines. */
    public LocalTime startedAt() {
        return LocalTime.now().minusNanos(System.nanoTime() - startNanos);
    }
}
