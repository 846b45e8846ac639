package io.streambind.producer;

import java.io.PrintStream;
import java.util.Locale;

/** Counts what a publisher sent; prints a progress line on a terminal and one summary line. */
public final class PublishStats {
    private static final long PROGRESS_EVERY_NANOS = 1_000_000_000L;

    private final PrintStream out;
    private final boolean progress;
    private final long start = System.nanoTime();
    private long lastProgress = start;
    private long records;
    private long bytes;
    private long batches;
    private long markers;
    private long prompts;

    public PublishStats(PrintStream out, boolean progress) {
        this.out = out;
        this.progress = progress;
    }

    void sent(long recordBytes) {
        records++;
        bytes += recordBytes;
        long now = System.nanoTime();
        if (progress && now - lastProgress >= PROGRESS_EVERY_NANOS) {
            lastProgress = now;
            out.print("\r" + line(now));
            out.flush();
        }
    }

    void batch() {
        batches++;
    }

    void marker() {
        markers++;
    }

    void prompts() {
        prompts++;
    }

    public long records() {
        return records;
    }

    public long markers() {
        return markers;
    }

    public String summary() {
        return String.format(
                Locale.ROOT,
                "%s; %d batches, %d step markers, %d prompt sets",
                line(System.nanoTime()),
                batches,
                markers,
                prompts);
    }

    public void printSummary() {
        out.println((progress ? "\r" : "") + summary());
    }

    private String line(long now) {
        double seconds = Math.max(1e-9, (now - start) / 1e9);
        return String.format(
                Locale.ROOT,
                "sent %d records, %.1f MB in %.1f s (%.0f records/s, %.2f MB/s)",
                records,
                bytes / 1e6,
                seconds,
                records / seconds,
                bytes / 1e6 / seconds);
    }
}
