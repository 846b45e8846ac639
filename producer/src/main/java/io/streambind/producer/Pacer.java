package io.streambind.producer;

/**
 * Holds a sender to at most {@code recordsPerSecond} records and {@code bytesPerSecond} bytes per
 * second (0 = unlimited) by sleeping before a send that would run ahead of schedule.
 */
final class Pacer {
    private final double recordsPerSecond;
    private final double bytesPerSecond;
    private final long start = System.nanoTime();
    private long records;
    private long bytes;

    Pacer(double recordsPerSecond, double bytesPerSecond) {
        this.recordsPerSecond = recordsPerSecond;
        this.bytesPerSecond = bytesPerSecond;
    }

    void acquire(long recordBytes) throws InterruptedException {
        records++;
        bytes += recordBytes;
        double dueSeconds = Math.max(
                recordsPerSecond > 0 ? records / recordsPerSecond : 0, bytesPerSecond > 0 ? bytes / bytesPerSecond : 0);
        long waitNanos = (long) (dueSeconds * 1e9) - (System.nanoTime() - start);
        if (waitNanos > 0) {
            Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
        }
    }
}
