package io.streambind.learner.serve;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP server's threads: a fixed pool behind a bounded queue. The JDK server closes, without a word,
 * the connection of an exchange its executor rejects; so a request that finds the queue full runs on a
 * spare thread whose only job is to answer it 503, and only when that one is busy too is the connection
 * closed.
 */
final class HttpWorkers implements Executor, AutoCloseable {
    /** How a request got its thread: the handler serves ADMITTED ones and answers the others 503. */
    enum Admission {
        ADMITTED,
        OVERLOADED,
        EXPIRED
    }

    /** Refusals waiting for the spare thread; each one costs it only the request line, headers and a short reply. */
    private static final int SPARE_QUEUE = 64;

    private static final ThreadLocal<Admission> ADMISSION = new ThreadLocal<>();

    private final ThreadPoolExecutor workers;
    private final ThreadPoolExecutor spare;
    private final long queueDeadlineNanos;

    HttpWorkers(int threads, int queueSize, Duration queueDeadline) {
        this.workers = new ThreadPoolExecutor(
                threads,
                threads,
                0,
                TimeUnit.MILLISECONDS,
                queueSize == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(queueSize),
                daemonThreads("learner-http-"));
        this.spare = new ThreadPoolExecutor(
                1,
                1,
                0,
                TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(SPARE_QUEUE),
                daemonThreads("learner-http-busy-"));
        this.queueDeadlineNanos = queueDeadline.toNanos();
    }

    /** How the request the calling thread is handling was admitted. */
    static Admission admission() {
        Admission admission = ADMISSION.get();
        return admission == null ? Admission.ADMITTED : admission;
    }

    @Override
    public void execute(Runnable exchange) {
        long queuedAt = System.nanoTime();
        try {
            workers.execute(() -> run(
                    exchange,
                    System.nanoTime() - queuedAt > queueDeadlineNanos ? Admission.EXPIRED : Admission.ADMITTED));
        } catch (RejectedExecutionException full) {
            spare.execute(() -> run(exchange, Admission.OVERLOADED));
        }
    }

    private static void run(Runnable exchange, Admission admission) {
        ADMISSION.set(admission);
        try {
            exchange.run();
        } finally {
            ADMISSION.remove();
        }
    }

    @Override
    public void close() {
        workers.shutdownNow();
        spare.shutdownNow();
    }

    private static java.util.concurrent.ThreadFactory daemonThreads(String prefix) {
        AtomicInteger next = new AtomicInteger();
        return r -> {
            Thread thread = new Thread(r, prefix + next.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
