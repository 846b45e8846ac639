package io.streambind.learner.reliability;

import io.streambind.learner.LearnerApp;
import io.streambind.learner.process.StepEvaluator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/** Starts learners the way the CLI does, without evaluation (the tests compare model state, not metrics). */
final class Learners {
    private Learners() {}

    static LearnerApp start(Map<String, String> settings) {
        return LearnerApp.start(settings, StepEvaluator.NONE);
    }

    /** A learner whose first evaluation of {@code step} throws: a record failing half-way, for the error path. */
    static LearnerApp startFailingOnceAt(Map<String, String> settings, long step) {
        AtomicBoolean failed = new AtomicBoolean();
        return LearnerApp.start(settings, (manifest, closed, trained, model, store) -> {
            if (closed == step && failed.compareAndSet(false, true)) {
                throw new IllegalStateException("evaluation of step " + step + " failed on purpose");
            }
            return null;
        });
    }
}
