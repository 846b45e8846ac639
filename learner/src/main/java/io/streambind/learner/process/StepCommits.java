package io.streambind.learner.process;

import java.time.Duration;

/**
 * When to commit after a step end. The step-end snapshot goes to the changelog as it is written (the
 * sections store is not cached), and the report and published version as they are forwarded; committing
 * a little later lets the producer send all of it while the next batches train, so that the commit waits
 * only for what is still in flight. A second step end before the commit keeps the first one's due time.
 */
final class StepCommits {
    private final long delayNanos;
    private boolean pending;
    private long dueNanos;

    StepCommits(Duration delay) {
        delayNanos = delay.toNanos();
    }

    /** Whether the step end's commit should be requested at once (no delay). */
    boolean stepClosed(long nowNanos) {
        if (delayNanos == 0) {
            return true;
        }
        if (!pending) {
            pending = true;
            dueNanos = nowNanos + delayNanos;
        }
        return false;
    }

    /** Whether a step end's commit is due now; true once per step end. */
    boolean due(long nowNanos) {
        if (pending && nowNanos - dueNanos >= 0) {
            pending = false;
            return true;
        }
        return false;
    }
}
