package io.streambind.learner.metrics;

/**
 * One phase of a model's work in progress, opened by {@link LearnerMetrics#time}: closing it records the
 * phase's duration into {@code streambind.work.duration}, also when the phase ends in an exception.
 */
public final class PhaseTiming implements AutoCloseable {
    private final LearnerMetrics metrics;
    private final String model;
    private final LearnerMetrics.Phase phase;
    private final long start = System.nanoTime();

    PhaseTiming(LearnerMetrics metrics, String model, LearnerMetrics.Phase phase) {
        this.metrics = metrics;
        this.model = model;
        this.phase = phase;
    }

    @Override
    public void close() {
        metrics.work(model, phase, System.nanoTime() - start);
    }
}
